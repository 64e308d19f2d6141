import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCategoryPage, getProduct, listFeaturedProducts, PAGE_SIZE, searchProducts } from "@/lib/catalog/queries";
import { seedCatalog } from "@/lib/db/seed";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";

describe.each(providers())("catalog on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
  });
  afterAll(() => t.drop());

  it("seeds at least 24 products in at least 4 categories, and seeding again adds nothing", async () => {
    expect(await t.db.product.count()).toBeGreaterThanOrEqual(24);
    expect(await t.db.category.count()).toBeGreaterThanOrEqual(4);
    const again = await seedCatalog(t.db);
    expect(again.created).toBe(0);
    expect(await t.db.product.count()).toBe(again.products);
  });

  it("keeps a product's stock when the seed runs again", async () => {
    await t.db.product.update({ where: { slug: "chef-knife" }, data: { stock: 1 } });
    await seedCatalog(t.db);
    expect((await t.db.product.findUniqueOrThrow({ where: { slug: "chef-knife" } })).stock).toBe(1);
  });

  it("lists only active featured products", async () => {
    await t.db.product.update({ where: { slug: "dot-grid-notebook" }, data: { active: false } });
    const featured = await listFeaturedProducts(t.db);
    expect(featured.length).toBeGreaterThan(0);
    expect(featured.map((p) => p.slug)).not.toContain("dot-grid-notebook");
    await t.db.product.update({ where: { slug: "dot-grid-notebook" }, data: { active: true } });
  });

  it("searches name and description case-insensitively, with every word required", async () => {
    const byName = await searchProducts(t.db, "COFFEE", 1);
    expect(byName.items.map((p) => p.slug)).toContain("pour-over-coffee-set");
    const byDescription = await searchProducts(t.db, "walnut handle", 1);
    expect(byDescription.items.map((p) => p.slug)).toEqual(["chef-knife"]);
    expect((await searchProducts(t.db, "walnut zeppelin", 1)).total).toBe(0);
  });

  it("treats SQL and LIKE syntax in a search as plain text", async () => {
    for (const q of ["%", "_", "\\", "'; --", "%' --", '" = "', "'; DROP TABLE \"Product\"; --"]) {
      expect((await searchProducts(t.db, q, 1)).total).toBe(0);
    }
    const plain = (await searchProducts(t.db, "coffee", 1)).items.map((p) => p.id);
    const injected = (await searchProducts(t.db, "coffee' OR '1'='1", 1)).items.map((p) => p.id);
    expect(plain.length).toBeGreaterThan(0);
    expect(injected.every((id) => plain.includes(id))).toBe(true);
    expect(await t.db.product.count()).toBeGreaterThanOrEqual(24);
  });

  it("paginates search results and clamps pages past the end", async () => {
    const all = await searchProducts(t.db, "a", 1);
    expect(all.total).toBeGreaterThan(PAGE_SIZE);
    expect(all.items).toHaveLength(PAGE_SIZE);
    const last = await searchProducts(t.db, "a", 999);
    expect(last.page).toBe(all.pageCount);
    expect(last.items.length).toBe(all.total - PAGE_SIZE * (all.pageCount - 1));
    const page2 = await searchProducts(t.db, "a", 2);
    expect(page2.items.map((p) => p.id)).not.toContain(all.items[0]?.id);
  });

  it("returns null for unknown or malformed category and product slugs", async () => {
    expect(await getCategoryPage(t.db, "no-such-category", 1)).toBeNull();
    expect(await getCategoryPage(t.db, "../etc/passwd", 1)).toBeNull();
    expect(await getProduct(t.db, "no-such-product")).toBeNull();
    expect(await getProduct(t.db, "chef-knife' OR '1'='1")).toBeNull();
    const page = await getCategoryPage(t.db, "apparel", 1);
    expect(page?.products.items.length).toBeGreaterThan(0);
  });

  it("hides inactive products from product pages", async () => {
    await t.db.product.update({ where: { slug: "headlamp" }, data: { active: false } });
    expect(await getProduct(t.db, "headlamp")).toBeNull();
  });
});
