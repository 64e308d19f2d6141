// What search engines and link previews read about the catalog: absolute URLs from APP_URL (never
// the request's Host), a Product's structured data (schema.org, JSON-LD) and the sitemap entries.
// Pure functions: the pages pass in what they loaded.
import type { MetadataRoute } from "next";

export type ProductForSeo = {
  slug: string;
  name: string;
  description: string;
  sku: string;
  priceCents: number;
  currency: string;
  stock: number;
  imagePath: string;
};

export const absoluteUrl = (appUrl: string, path: string) => new URL(path, appUrl).toString();

/** schema.org Product with one Offer: price as a decimal string in the currency's major unit. */
export function productJsonLd(product: ProductForSeo, appUrl: string) {
  const url = absoluteUrl(appUrl, `/product/${product.slug}`);
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    description: product.description,
    sku: product.sku,
    image: absoluteUrl(appUrl, product.imagePath),
    url,
    offers: {
      "@type": "Offer",
      url,
      price: (product.priceCents / 100).toFixed(2),
      priceCurrency: product.currency.toUpperCase(),
      availability: product.stock > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
    },
  };
}

/**
 * JSON for a <script type="application/ld+json"> element. `<` is escaped so that a product name
 * holding "</script>" cannot close the element (JSON parsers read \u003c as "<").
 */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function sitemapEntries(
  appUrl: string,
  pages: { categories: Array<{ slug: string }>; products: Array<{ slug: string; updatedAt: Date }> },
): MetadataRoute.Sitemap {
  return [
    { url: absoluteUrl(appUrl, "/"), changeFrequency: "daily", priority: 1 },
    ...pages.categories.map((c) => ({
      url: absoluteUrl(appUrl, `/category/${c.slug}`),
      changeFrequency: "daily" as const,
      priority: 0.8,
    })),
    ...pages.products.map((p) => ({
      url: absoluteUrl(appUrl, `/product/${p.slug}`),
      lastModified: p.updatedAt,
      changeFrequency: "weekly" as const,
      priority: 0.6,
    })),
  ];
}

/** Areas that are private, per person or not content: crawlers stay out (robots.txt). */
export const NOT_FOR_CRAWLERS = [
  "/admin",
  "/account",
  "/api/",
  "/cart",
  "/checkout",
  "/dev/",
  "/orders",
  "/signin",
  "/register",
  "/forgot-password",
  "/reset-password",
  "/search",
];
