// GET /.well-known/security.txt — RFC 9116: where to report a vulnerability. Built per request
// so Expires always lies ahead and every address follows APP_URL.
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

// RFC 9116 §2.5.5 recommends Expires be less than a year away, so readers never trust a stale file.
const EXPIRES_IN_MS = 364 * 24 * 60 * 60 * 1000;

export function GET() {
  const appUrl = new URL(env().APP_URL);
  const base = appUrl.origin;
  const expires = new Date(Date.now() + EXPIRES_IN_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const body = [
    `Contact: mailto:security@${appUrl.hostname}`,
    `Expires: ${expires}`,
    "Preferred-Languages: en",
    `Canonical: ${base}/.well-known/security.txt`,
    `Policy: ${base}/security`,
    "",
  ].join("\n");
  return new Response(body, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
}
