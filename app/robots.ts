// GET /robots.txt — the catalog is open to crawlers; private and per-person areas are not.
import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { absoluteUrl, NOT_FOR_CRAWLERS } from "@/lib/catalog/seo";
import { env } from "@/lib/env";

export default async function robots(): Promise<MetadataRoute.Robots> {
  // Read at request time: the build has no configuration.
  await connection();
  const appUrl = env().APP_URL;
  return {
    rules: [{ userAgent: "*", allow: "/", disallow: NOT_FOR_CRAWLERS }],
    sitemap: absoluteUrl(appUrl, "/sitemap.xml"),
    host: new URL(appUrl).host,
  };
}
