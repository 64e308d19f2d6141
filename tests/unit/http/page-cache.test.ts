import { describe, expect, it, vi } from "vitest";
import { PageCache, fromTemplate, pageCacheKey, toTemplate, type RenderedPage } from "@/lib/http/page-cache";

const NONCE = "cTchEi2CHas/PHIX15ae3Q==";

function rendered(overrides: Partial<RenderedPage> = {}, nonce = NONCE): RenderedPage {
  return {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'nonce-${nonce}'`,
      link: `</_next/static/chunks/a.css>; rel=preload; as="style"; nonce="${nonce}"`,
      "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate",
      "content-length": "999",
      date: "Tue, 24 Nov 2026 19:43:00 GMT",
      connection: "keep-alive",
    },
    body: Buffer.from(
      `<html><head><script nonce="${nonce}" src="/a.js"></script></head><body><p>Café ☕</p><script nonce="${nonce}">self.__next_f.push([1])</script></body></html>`,
    ),
    ...overrides,
  };
}

describe("pageCacheKey: only requests whose answer cannot depend on the shopper", () => {
  it("accepts the catalog pages for an anonymous GET or HEAD", () => {
    expect(pageCacheKey("GET", "/", {})).toBe("/");
    expect(pageCacheKey("HEAD", "/", {})).toBe("/");
    expect(
      pageCacheKey("GET", "/product/organic-cotton-tee", {
        accept: "text/html",
        "accept-encoding": "gzip",
        "user-agent": "x",
      }),
    ).toBe("/product/organic-cotton-tee");
    expect(pageCacheKey("GET", "/category/home-kitchen", {})).toBe("/category/home-kitchen");
    expect(pageCacheKey("GET", "/category/home-kitchen?page=2", {})).toBe("/category/home-kitchen?page=2");
  });

  it("refuses any cookie, credentials or client-side navigation header", () => {
    expect(pageCacheKey("GET", "/", { cookie: "__Host-cart=abc" })).toBeNull();
    expect(pageCacheKey("GET", "/", { cookie: "" })).toBeNull();
    expect(pageCacheKey("GET", "/", { authorization: "Basic eDp5" })).toBeNull();
    expect(pageCacheKey("GET", "/", { rsc: "1" })).toBeNull();
    expect(pageCacheKey("GET", "/", { "next-router-state-tree": "%5B%5D" })).toBeNull();
    expect(pageCacheKey("GET", "/", { "next-router-prefetch": "1" })).toBeNull();
    expect(pageCacheKey("GET", "/", { "next-action": "abc" })).toBeNull();
  });

  it("refuses other methods, pages and query strings", () => {
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS", undefined])
      expect(pageCacheKey(method, "/", {})).toBeNull();
    for (const url of [
      "/cart",
      "/search?q=mug",
      "/account",
      "/admin",
      "/orders/1",
      "/checkout",
      "/product/",
      "/product/a/b",
      "/product/Caps",
      "/product/%2e%2e",
      "/product/x?_rsc=1",
      "/?utm=1",
      "/product/x?page=2",
      "/category/x?page=0",
      "/category/x?page=2&x=1",
      "/category/x?page=99999",
      `/product/${"a".repeat(300)}`,
      undefined,
    ]) {
      expect(pageCacheKey("GET", url, {}), String(url)).toBeNull();
    }
  });
});

describe("templates", () => {
  it("fills a new nonce everywhere the render's nonce stood, headers included", () => {
    const template = toTemplate(rendered())!;
    expect(template).not.toBeNull();
    const copy = fromTemplate(template, "bmV3LW5vbmNlLW5ldy1ub25jZQ==");
    const body = copy.body.toString("utf8");
    expect(body).not.toContain(NONCE);
    expect(body.match(/nonce="bmV3LW5vbmNlLW5ldy1ub25jZQ=="/g)).toHaveLength(2);
    expect(body).toContain("<p>Café ☕</p>");
    const headers = Object.fromEntries(copy.headers);
    expect(headers["content-security-policy"]).toBe(
      "default-src 'self'; script-src 'nonce-bmV3LW5vbmNlLW5ldy1ub25jZQ==' 'strict-dynamic'; style-src 'self' 'nonce-bmV3LW5vbmNlLW5ldy1ub25jZQ=='",
    );
    expect(headers.link).toContain('nonce="bmV3LW5vbmNlLW5ldy1ub25jZQ=="');
    expect(headers["cache-control"]).toContain("no-store");
    // Framing and date are written per response.
    for (const dropped of ["content-length", "date", "connection"]) expect(headers[dropped]).toBeUndefined();
  });

  it("keeps nothing that must not be shared", () => {
    expect(toTemplate(rendered({ status: 404 }))).toBeNull();
    expect(toTemplate(rendered({ status: 500 }))).toBeNull();
    expect(
      toTemplate(rendered({ headers: { ...rendered().headers, "set-cookie": ["__Host-cart=abc; Path=/"] } })),
    ).toBeNull();
    expect(toTemplate(rendered({ headers: { ...rendered().headers, "content-type": "text/x-component" } }))).toBeNull();
    const noCsp = { ...rendered().headers };
    delete noCsp["content-security-policy"];
    expect(toTemplate(rendered({ headers: noCsp }))).toBeNull();
    expect(toTemplate(rendered({ body: Buffer.from("<html>no scripts</html>") }))).toBeNull();
  });
});

describe("PageCache", () => {
  const options = { ttlMs: 2_000, maxBytes: 1_000_000, maxEntries: 100 };

  it("renders once for concurrent misses and serves the template until it expires", async () => {
    let now = 1_000;
    const cache = new PageCache({ ...options, now: () => now });
    const render = vi.fn(async () => rendered());
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.fill("/", render)));
    expect(render).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
    expect(cache.get("/")).toBe(results[0]);
    now += 1_999;
    expect(cache.get("/")).toBe(results[0]);
    now += 1;
    expect(cache.get("/")).toBeUndefined();
    expect(cache.size.entries).toBe(0);
  });

  it("remembers a page that cannot be shared as null, for the same time", async () => {
    let now = 0;
    const cache = new PageCache({ ...options, now: () => now });
    expect(await cache.fill("/product/gone", async () => rendered({ status: 404 }))).toBeNull();
    expect(cache.get("/product/gone")).toBeNull();
    now += 2_000;
    expect(cache.get("/product/gone")).toBeUndefined();
  });

  it("keeps nothing when the render fails, and the next request renders again", async () => {
    const cache = new PageCache(options);
    await expect(cache.fill("/", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(cache.get("/")).toBeUndefined();
    const render = vi.fn(async () => rendered());
    await cache.fill("/", render);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it("stays within its byte and entry bounds, dropping the least recently used first", async () => {
    const size = rendered().body.length;
    const cache = new PageCache({ ttlMs: 60_000, maxBytes: size * 3, maxEntries: 100 });
    for (const key of ["/a", "/b", "/c"]) await cache.fill(key, async () => rendered());
    expect(cache.get("/a")).not.toBeUndefined(); // /a is now the most recently used
    await cache.fill("/d", async () => rendered());
    expect(cache.size).toEqual({ entries: 3, bytes: size * 3 });
    expect(cache.get("/b")).toBeUndefined();
    expect(cache.get("/a")).not.toBeUndefined();

    const few = new PageCache({ ttlMs: 60_000, maxBytes: 1_000_000, maxEntries: 2 });
    for (const key of ["/a", "/b", "/c"]) await few.fill(key, async () => rendered({ status: 404 }));
    expect(few.size.entries).toBe(2);
    expect(few.get("/a")).toBeUndefined();
  });

  it("clear() forgets everything; a TTL of 0 turns the cache off", async () => {
    const cache = new PageCache(options);
    await cache.fill("/", async () => rendered());
    cache.clear();
    expect(cache.get("/")).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    expect(new PageCache({ ...options, ttlMs: 0 }).enabled).toBe(false);
  });
});
