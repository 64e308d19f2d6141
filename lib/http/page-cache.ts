// Shared HTML for anonymous shoppers on the catalog pages (home, category, product), with a
// fresh CSP nonce in every response. Used by server.ts, outside Next.js, so it imports nothing
// of the app.
//
// Every page carries a per-request nonce, so Next renders each one anew: about 1/150 s of CPU a
// page on a small machine. A shopper with no cookies sees exactly the same catalog page as any
// other, so the server renders it once, keeps it for a couple of seconds as a template split at
// the render's nonce, and fills a new random nonce into each copy it sends. A nonce is never
// sent twice, and what an attacker could inject (escaped text) cannot contain the next nonce.
//
// What may be shared is decided from the request alone, before anything is rendered, and only
// allows: GET/HEAD of /, /category/<slug>[?page=N] or /product/<slug>, with no Cookie and no
// Authorization header and none of Next's router headers (RSC payloads are never cached). A
// rendered page is kept only when it is a 200 text/html page that sets no cookie and whose CSP
// nonce appears in the body. Anything else is rendered per request by Next as before.

import type { IncomingHttpHeaders } from "node:http";

export const PAGE_CACHE_HEADER = "x-store-page-cache";

const CACHEABLE_PATH = /^\/(?:(?:category|product)\/[a-z0-9][a-z0-9-]{0,99})?$/;
const CATEGORY_QUERY = /^page=([1-9][0-9]{0,3})$/;
// Headers that never travel from a render to a copy: Node writes its own framing and date.
// x-request-id: each copy carries the id of the request it answers (server.ts), not the render's.
const DROPPED_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "date",
  "set-cookie",
  "x-request-id",
]);
const NONCE_IN_CSP = /'nonce-([A-Za-z0-9+/_=-]{16,})'/;

/**
 * The cache key for a request whose response may be shared between shoppers, or null when the
 * response may depend on who is asking (any cookie, credentials, a client-side navigation) or
 * the URL is not one of the catalog pages.
 */
export function pageCacheKey(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): string | null {
  if (method !== "GET" && method !== "HEAD") return null;
  if (!url || url.length > 256) return null;
  for (const name of Object.keys(headers)) {
    if (name === "cookie" || name === "authorization" || name === "rsc" || name.startsWith("next-")) return null;
  }
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? "" : url.slice(q + 1);
  if (!CACHEABLE_PATH.test(path)) return null;
  if (query === "") return path;
  const page = path.startsWith("/category/") ? CATEGORY_QUERY.exec(query) : null;
  return page ? `${path}?page=${page[1]}` : null;
}

/** A rendered page as the server received it from Next. */
export type RenderedPage = { status: number; headers: IncomingHttpHeaders; body: Buffer };

/** A page kept for sharing: header values and body split where the render's nonce stood. */
export type PageTemplate = { headers: Array<[string, string[]]>; body: string[]; bytes: number };

/** The template of a rendered page, or null when the page must not be shared. */
export function toTemplate(page: RenderedPage): PageTemplate | null {
  const { status, headers, body } = page;
  if (status !== 200 || headers["set-cookie"] !== undefined) return null;
  if (!String(headers["content-type"] ?? "").startsWith("text/html")) return null;
  const csp = headers["content-security-policy"];
  const nonce = typeof csp === "string" ? NONCE_IN_CSP.exec(csp)?.[1] : undefined;
  if (!nonce) return null;
  const text = body.toString("utf8");
  if (!text.includes(nonce)) return null;
  const kept: Array<[string, string[]]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_HEADERS.has(name)) continue;
    kept.push([name, String(value).split(nonce)]);
  }
  return { headers: kept, body: text.split(nonce), bytes: body.length };
}

/** One copy of a template with its own nonce. */
export function fromTemplate(
  template: PageTemplate,
  nonce: string,
): { headers: Array<[string, string]>; body: Buffer } {
  return {
    headers: template.headers.map(([name, parts]) => [name, parts.join(nonce)]),
    body: Buffer.from(template.body.join(nonce), "utf8"),
  };
}

type Entry = { expires: number; template: PageTemplate | null };

export type PageCacheOptions = { ttlMs: number; maxBytes: number; maxEntries: number; now?: () => number };

/**
 * Templates by key, each for ttlMs (a price or stock change shows within that plus the catalog
 * data cache's lifetime), bounded in bytes and entries (least recently used first out). A key
 * whose render could not be shared is remembered as null for the same time, so it goes straight
 * to Next. Concurrent misses of one key share one render.
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly rendering = new Map<string, Promise<PageTemplate | null>>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  /** The template (or null: not shareable) while fresh; undefined when it must be rendered. */
  get(key: string): PageTemplate | null | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.remove(key);
      return undefined;
    }
    this.entries.delete(key); // most recently used last
    this.entries.set(key, entry);
    return entry.template;
  }

  /** Renders the key once however many requests wait for it, and keeps the result. */
  fill(key: string, render: () => Promise<RenderedPage>): Promise<PageTemplate | null> {
    const running = this.rendering.get(key);
    if (running) return running;
    const started = render()
      .then((page) => {
        const template = toTemplate(page);
        this.store(key, template);
        return template;
      })
      .finally(() => this.rendering.delete(key));
    this.rendering.set(key, started);
    return started;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private store(key: string, template: PageTemplate | null): void {
    this.remove(key);
    const bytes = template?.bytes ?? 0;
    if (bytes > this.options.maxBytes) return;
    this.entries.set(key, { expires: this.now() + this.options.ttlMs, template });
    this.bytes += bytes;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.options.maxBytes && this.entries.size <= this.options.maxEntries) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.template?.bytes ?? 0;
    this.entries.delete(key);
  }
}
