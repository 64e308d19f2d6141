// GET /sitemap.xml — the home page, every category and every active product.
import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { listIndexablePages } from "@/lib/catalog/queries";
import { sitemapEntries } from "@/lib/catalog/seo";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  await connection();
  return sitemapEntries(env().APP_URL, await listIndexablePages(db()));
}
