import { describe, expect, it } from "vitest";
import { jsonLdText, productJsonLd, sitemapEntries } from "@/lib/catalog/seo";

const product = {
  slug: "chef-knife",
  name: "Chef's Knife",
  description: "Sharp.",
  sku: "KIT-1",
  priceCents: 4999,
  currency: "usd",
  stock: 3,
  imagePath: "/products/knife.svg",
};

describe("structured data for a product", () => {
  it("is a schema.org Product with an Offer in major units, absolute URLs from APP_URL and availability", () => {
    const data = productJsonLd(product, "https://shop.example.com");
    expect(data).toMatchObject({
      "@type": "Product",
      name: "Chef's Knife",
      sku: "KIT-1",
      image: "https://shop.example.com/products/knife.svg",
      url: "https://shop.example.com/product/chef-knife",
      offers: { "@type": "Offer", price: "49.99", priceCurrency: "USD", availability: "https://schema.org/InStock" },
    });
    expect(productJsonLd({ ...product, stock: 0, priceCents: 5 }, "https://shop.example.com").offers).toMatchObject({
      price: "0.05",
      availability: "https://schema.org/OutOfStock",
    });
  });

  it("cannot close its script element: </script> and line separators in a name are escaped, and the JSON still parses to the same text", () => {
    const hostile = { ...product, name: "</script><script>alert(1)</script>\u2028" };
    const text = jsonLdText(productJsonLd(hostile, "https://shop.example.com"));
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain("\u2028");
    expect((JSON.parse(text) as { name: string }).name).toBe(hostile.name);
  });
});

describe("the sitemap", () => {
  it("lists the home page, every category and every product with absolute URLs", () => {
    const updatedAt = new Date("2026-11-30T10:00:00Z");
    const entries = sitemapEntries("https://shop.example.com", {
      categories: [{ slug: "kitchen" }],
      products: [{ slug: "chef-knife", updatedAt }],
    });
    expect(entries.map((e) => e.url)).toEqual([
      "https://shop.example.com/",
      "https://shop.example.com/category/kitchen",
      "https://shop.example.com/product/chef-knife",
    ]);
    expect(entries[2]!.lastModified).toEqual(updatedAt);
  });
});
