import { expect, test, type APIResponse } from "@playwright/test";
import { addToCart, cartCount } from "./support/cart";

// server.ts shares the catalog pages between shoppers without cookies and fills a new CSP nonce
// into every copy (lib/http/page-cache.ts). These run against the production server.

function nonceOf(response: APIResponse): string {
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeDefined();
  return nonce!;
}

test("an anonymous catalog page is shared, each copy with its own nonce in the header and every script", async ({
  playwright,
  baseURL,
}) => {
  const seen = new Set<string>();
  const states: string[] = [];
  for (let i = 0; i < 3; i++) {
    // A new request context per request: no cookie can travel from one to the next.
    const anonymous = await playwright.request.newContext({ baseURL });
    const response = await anonymous.get("/product/chef-knife");
    expect(response.status()).toBe(200);
    states.push(response.headers()["x-store-page-cache"] ?? "none");
    const nonce = nonceOf(response);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    for (const earlier of seen) expect(html).not.toContain(earlier);
    expect(response.headers()["set-cookie"]).toBeUndefined();
    expect(response.headers()["cache-control"]).toContain("no-store");
    seen.add(nonce);
    await anonymous.dispose();
  }
  expect(seen.size).toBe(3);
  expect(states).toContain("hit");
});

test("a shopper with a cart gets a page of their own, never the shared one", async ({ page, request }) => {
  await addToCart(page, "chef-knife", 2);
  const own = await page.request.get("/product/chef-knife");
  expect(own.headers()["x-store-page-cache"]).toBeUndefined();
  await page.goto("/product/chef-knife");
  await expect(cartCount(page)).toHaveText("2");

  const anonymous = await request.get("/product/chef-knife");
  expect(anonymous.headers()["x-store-page-cache"]).toMatch(/^(hit|miss)$/);
  expect(await anonymous.text()).toMatch(/data-testid="cart-count"[^>]*>0</);
});

test("client-side navigation payloads and other pages are never shared", async ({ request }) => {
  const rsc = await request.get("/product/chef-knife", { headers: { RSC: "1" } });
  expect(rsc.headers()["x-store-page-cache"]).toBeUndefined();
  for (const path of ["/cart", "/search?q=mug", "/signin", "/?utm_source=x"]) {
    const response = await request.get(path);
    expect(response.headers()["x-store-page-cache"], path).toBeUndefined();
  }
});
