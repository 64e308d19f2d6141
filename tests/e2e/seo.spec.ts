import { expect, test } from "@playwright/test";
import { baseURL } from "../../playwright.config";

// What search engines and link previews read: robots.txt, the sitemap, canonical URLs, Open
// Graph tags and a product's JSON-LD, parsed the way a crawler parses them.

test("robots.txt opens the catalog, closes private areas and names the sitemap", async ({ request }) => {
  const res = await request.get("/robots.txt");
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).toMatch(/^User-Agent: \*$/m);
  expect(text).toMatch(/^Allow: \/$/m);
  for (const path of ["/admin", "/account", "/checkout", "/api/"]) expect(text).toContain(`Disallow: ${path}`);
  expect(text).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
});

test("the sitemap lists the home page, every category and every active product", async ({ request }) => {
  const res = await request.get("/sitemap.xml");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("xml");
  const urls = [...(await res.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  expect(urls).toContain(`${baseURL}/`);
  expect(urls).toContain(`${baseURL}/category/outdoors`);
  expect(urls).toContain(`${baseURL}/product/waxed-canvas-jacket`);
  expect(urls.filter((u) => u!.includes("/product/")).length).toBeGreaterThanOrEqual(20);
  expect(urls.every((u) => u!.startsWith(baseURL))).toBe(true);
});

test("a product page carries its canonical URL, Open Graph tags and a schema.org Product", async ({ page }) => {
  await page.goto("/product/waxed-canvas-jacket");
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${baseURL}/product/waxed-canvas-jacket`);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", "Waxed Canvas Jacket");
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute(
    "content",
    `${baseURL}/product/waxed-canvas-jacket`,
  );
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary");
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  expect(blocks).toHaveLength(1);
  const data = JSON.parse(blocks[0]!) as {
    "@type": string;
    name: string;
    offers: { price: string; priceCurrency: string; availability: string };
  };
  expect(data["@type"]).toBe("Product");
  expect(data.name).toBe("Waxed Canvas Jacket");
  expect(data.offers).toEqual(
    expect.objectContaining({ price: "189.00", priceCurrency: "USD", availability: "https://schema.org/InStock" }),
  );
});

test("search results are kept out of indexes; the favicon is served", async ({ page, request }) => {
  await page.goto("/search?q=jacket");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
});
