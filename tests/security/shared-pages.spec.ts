import { expect, test } from "@playwright/test";
import { register, signIn, uniqueEmail, useOwnIp } from "../e2e/support/auth";
import { changeProduct, query } from "./support/server";

// Attacks on the shared catalog pages (server.ts, lib/http/page-cache.ts): poisoning the copy
// other shoppers get, reading another shopper's page from it, pretending to be the server's own
// render request, and a stale price outliving a change.

test("request headers cannot poison the shared page", async ({ playwright, baseURL }) => {
  const poison = {
    Host: "evil.example",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-Proto": "http",
    "X-Original-URL": "/admin",
    "X-Rewrite-URL": "/admin",
    "X-Store-Page-Render": "0".repeat(64),
    "Accept-Language": "<script>alert(1)</script>",
    "User-Agent": "evil.example <script>",
  };
  // Every copy of the category page is fetched with poisoned headers while the cache refills.
  for (let i = 0; i < 5; i++) {
    const attacker = await playwright.request.newContext({ baseURL, extraHTTPHeaders: poison });
    const response = await attacker.get("/category/home-kitchen");
    expect(response.status()).toBe(200);
    await attacker.dispose();
  }
  const shopper = await playwright.request.newContext({ baseURL });
  const response = await shopper.get("/category/home-kitchen");
  const html = await response.text();
  expect(response.headers()["x-store-page-cache"]).toMatch(/^(hit|miss)$/);
  expect(html).not.toContain("evil.example");
  expect(html).not.toContain("<script>alert(1)");
  await shopper.dispose();
});

test("a signed-in shopper's page never reaches the shared copy", async ({ browser, playwright, baseURL }) => {
  const context = await browser.newContext();
  await useOwnIp(context);
  const page = await context.newPage();
  const email = uniqueEmail("shared");
  const name = `Shared Page ${[...email.slice(7, 15)].map((c) => String.fromCharCode(97 + (parseInt(c, 16) % 26))).join("")}`;
  await register(page, email, undefined, name);
  await signIn(page, email);
  for (const path of ["/", "/product/chef-knife", "/category/home-kitchen"]) {
    const own = await page.request.get(path);
    expect(own.headers()["x-store-page-cache"], path).toBeUndefined();
    expect(await own.text(), path).toContain(name);
  }
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const path of ["/", "/product/chef-knife", "/category/home-kitchen"]) {
    const html = await (await anonymous.get(path)).text();
    expect(html, path).not.toContain(name);
    expect(html, path).toContain('data-testid="signin-link"');
  }
  await anonymous.dispose();
  await context.close();
});

test("a forged render token does not skip the cache rules", async ({ request }) => {
  // With a cookie the page is never shared; a guessed internal-render header changes nothing.
  const response = await request.get("/", {
    headers: { "X-Store-Page-Render": "a".repeat(64), Cookie: "__Host-cart=forged" },
  });
  expect(response.status()).toBe(200);
  expect(response.headers()["x-store-page-cache"]).toBeUndefined();
});

test("a price change shows on the shared product page within seconds", async ({ playwright, baseURL }) => {
  const slug = "chef-knife";
  const before = query<{ priceCents: number }>(`SELECT priceCents FROM Product WHERE slug = ?`, slug)[0]!.priceCents;
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get(`/product/${slug}`)).status()).toBe(200);
  const changed = before + 1_234;
  const shown = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(changed / 100);
  try {
    changeProduct(slug, { priceCents: changed });
    // At most the catalog data's lifetime (5 s) plus the shared page's (PAGE_CACHE_MS, 2 s).
    await expect
      .poll(async () => (await (await anonymous.get(`/product/${slug}`)).text()).includes(shown), {
        timeout: 10_000,
        intervals: [250],
      })
      .toBe(true);
  } finally {
    changeProduct(slug, { priceCents: before });
    await anonymous.dispose();
  }
});
