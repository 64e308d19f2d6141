import "server-only";
import { staticSecurityHeaders } from "@/lib/security/headers";
import type { ImageStorage } from "./storage";
import { parseWidthFileName } from "./widths";

// The answer to GET /media/products/<file> (app/media/products/[file]/route.ts). Only names the
// store writes (<32 hex>-<width>.webp) are looked up; anything else, a traversal included, is a
// 404 without touching the storage. A picture is sent with headers that leave a browser nothing
// to guess: a fixed image type and nosniff (never sniffed into HTML), a CSP that allows nothing
// and sandboxes the document should one be opened directly, inline display, and a year of
// caching: a name is never reused, so its bytes never change. proxy.ts does not run for /media/,
// so its page CSP does not replace this one.

export const MEDIA_HEADERS = {
  "Content-Type": "image/webp",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
  "Content-Disposition": "inline",
  "Cache-Control": "public, max-age=31536000, immutable",
} as const;

const NOT_FOUND_HEADERS = {
  "Content-Type": "text/plain; charset=utf-8",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
  "Cache-Control": "no-store",
} as const;

export async function productImageResponse(
  storage: ImageStorage,
  name: string,
  { production }: { production: boolean },
): Promise<Response> {
  const security = staticSecurityHeaders({ production });
  const bytes = parseWidthFileName(name) ? await storage.get(name) : null;
  if (!bytes) return new Response("Not found.\n", { status: 404, headers: { ...security, ...NOT_FOUND_HEADERS } });
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { ...security, ...MEDIA_HEADERS, "Content-Length": String(bytes.length) },
  });
}
