import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCategoryPage, getProduct, listFeaturedProducts } from "@/lib/catalog/queries";
import { seedCatalog } from "@/lib/db/seed";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { setProductStockOrPrice } from "../support/catalog";

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
    await setProductStockOrPrice(t.db, { slug: "chef-knife" }, { stock: 1 });
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
