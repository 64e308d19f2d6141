import { expect, test } from "@playwright/test";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test.describe("security headers", () => {
  for (const path of ["/", "/product/chef-knife", "/cart", "/search?q=mug", "/no-such-page"]) {
    test(`${path} carries a nonce CSP and the hardening headers`, async ({ request }) => {
      const response = await request.get(path);
      const h = response.headers();
      const csp = h["content-security-policy"] ?? "";
      const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
      expect(nonce, csp).toBeDefined();
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"])
        expect(csp).toContain(directive);
      expect(h["strict-transport-security"]).toMatch(/max-age=\d{8}/);
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(h["permissions-policy"]).toContain("camera=()");
      expect(h["cross-origin-opener-policy"]).toBe("same-origin");
      expect(h["cross-origin-resource-policy"]).toBe("same-origin");
      expect(h["x-powered-by"]).toBeUndefined();

      // Every script the page ships carries this response's nonce, and a second request gets another.
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      const again = (await request.get(path)).headers();
      expect(again["content-security-policy"]).not.toContain(nonce!);
      // Each answer names its own request (server.ts), shared catalog copies included.
      expect(h["x-request-id"]).toMatch(UUID);
      expect(again["x-request-id"]).toMatch(UUID);
      expect(again["x-request-id"]).not.toBe(h["x-request-id"]);
    });
  }

  test("every answer names the request id the server chose, never one the client sent", async ({ request }) => {
    const chosen = "00000000-0000-4000-8000-000000000000";
    const answers = [
      await request.get("/", { headers: { "X-Request-Id": chosen } }),
      await request.get("/api/health", { headers: { "X-Request-Id": chosen } }),
      // Refused by the signature check, and before Next by the request guard.
      await request.post("/api/webhooks/stripe", {
        headers: { "X-Request-Id": chosen, "Stripe-Signature": "t=1,v1=00" },
        data: "{}",
      }),
      await request.post("/cart", {
        headers: { "X-Request-Id": chosen, "Next-Action": "0".repeat(42), Origin: "https://evil.example" },
        data: "[]",
      }),
    ];
    expect(answers.map((a) => a.status())).toEqual([200, 200, 400, 403]);
    const ids = answers.map((a) => a.headers()["x-request-id"]);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(ids).not.toContain(chosen);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("static files carry the hardening headers too", async ({ request }) => {
    const response = await request.get("/products/chef-knife.svg");
    expect(response.status()).toBe(200);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["cross-origin-resource-policy"]).toBe("same-origin");
  });

  test("build assets go out Brotli-compressed, immutable and with the hardening headers", async ({ request }) => {
    const html = await (await request.get("/product/chef-knife")).text();
    const src = /<script\b[^>]*\ssrc="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(src).toBeDefined();
    const br = await request.get(src!, { headers: { "Accept-Encoding": "gzip, deflate, br, zstd" } });
    expect(br.status()).toBe(200);
    expect(br.headers()["content-encoding"]).toBe("br");
    expect(br.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.headers()["x-content-type-options"]).toBe("nosniff");
    expect(br.headers()["cross-origin-resource-policy"]).toBe("same-origin");
    const plain = await request.get(src!, { headers: { "Accept-Encoding": "identity" } });
    expect(plain.headers()["content-encoding"]).toBeUndefined();
    // Playwright decodes the Brotli body: it must be the very same file.
    expect((await br.body()).equals(await plain.body())).toBe(true);
    expect(Number(br.headers()["content-length"])).toBeLessThan((await plain.body()).length / 2);
    // A path out of the build folder is not a build asset.
    expect(
      (await request.get("/_next/static/..%2f..%2fpackage.json", { headers: { "Accept-Encoding": "br" } })).status(),
    ).toBe(404);
  });

  test("an error never shows a stack trace", async ({ request }) => {
    const response = await request.post("/cart", {
      headers: { "Next-Action": "0".repeat(42), "Content-Type": "text/plain" },
      data: "[",
    });
    const body = await response.text();
    expect(body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });
});
