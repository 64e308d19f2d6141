import "server-only";
import { db } from "@/lib/db";
import { getCategoryPage, getProduct, listCategories, listFeaturedProducts } from "./queries";

// Catalog reads for the anonymous pages (home, category, product, the header's categories),
// cached in this process for a few seconds. Nothing per-shopper (carts, accounts, orders, search
// results) goes through here. The HTML of these pages for shoppers without cookies is shared
// too, by server.ts (lib/http/page-cache.ts), for PAGE_CACHE_MS on top of this cache's lifetime.
//
// Why not Next's data cache (unstable_cache / "use cache")? It persists entries to disk under
// the build folder, keyed by the arguments, so every made-up slug a crawler requests would
// become a file; and it is per instance anyway. This cache is bounded (MAX_ENTRIES, oldest
// first) and short-lived: a price or stock change shows within CATALOG_TTL_MS on every instance
// without anyone having to invalidate it, and checkout, the cart and the admin always read the
// database directly, so a stale "In stock" can never sell a unit that is gone.

const CATALOG_TTL_MS = 5_000;
const MAX_ENTRIES = 2_000;

type Entry = { expires: number; value: Promise<unknown> };
const globalForCatalog = globalThis as unknown as {
  storeCatalogCache?: Map<string, Entry>;
  storePageCache?: { clear(): void };
};
const entries: Map<string, Entry> = (globalForCatalog.storeCatalogCache ??= new Map<string, Entry>());

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  // Concurrent misses share one query; a failed query is not kept.
  const value = load();
  entries.delete(key);
  entries.set(key, { expires: now + CATALOG_TTL_MS, value });
  value.catch(() => entries.delete(key));
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  return value;
}

/**
 * Forgets every cached catalog read in this process, and the pages server.ts shares (tests; an
 * admin edit may call it too).
 */
export function clearCatalogCache(): void {
  entries.clear();
  globalForCatalog.storePageCache?.clear();
}

export const categoriesForPage = () => cached("categories", () => listCategories(db()));
export const featuredProductsForPage = () => cached("featured", () => listFeaturedProducts(db()));
export const categoryPageFor = (slug: string, page: number) =>
  cached(`category:${slug}:${page}`, () => getCategoryPage(db(), slug, page));
export const productFor = (slug: string) => cached(`product:${slug}`, () => getProduct(db(), slug));
