// Full-text search on each database, and the same answers from both for the same catalog.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGE_SIZE } from "@/lib/catalog/queries";
import { searchCatalog } from "@/lib/catalog/search";
import type { SearchInput } from "@/lib/catalog/search-query";
import { seedCatalog } from "@/lib/db/seed";
import { seedBenchCatalog } from "@/bench/lib/seed";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";

const slugs = async (t: TestDatabase, input: SearchInput) =>
  (await searchCatalog(t.db, input)).items.map((p) => p.slug);

const INJECTIONS = [
  "%",
  "_",
  "\\",
  "'; --",
  "%' --",
  '" = "',
  '\'; DROP TABLE "Product"; --',
  "knife OR 1=1",
  "NEAR(knife steel)",
  "knife*",
  "name:knife",
  "!knife & (steel | oak)",
  "'knife':*",
];

describe.each(providers())("search on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
  });
  afterAll(() => t.drop());

  it("stems: a plural finds the singular, irregular plurals included", async () => {
    expect(await slugs(t, { query: "knives" })).toEqual(["chef-knife"]);
    expect(await slugs(t, { query: "Knife" })).toEqual(["chef-knife"]);
    expect(await slugs(t, { query: "hammocks" })).toEqual(["camping-hammock"]);
    expect(await slugs(t, { query: "charging" })).toContain("headlamp");
  });

  it("requires every word, in the name or the description", async () => {
    expect(await slugs(t, { query: "walnut handle" })).toEqual(["chef-knife"]);
    expect((await searchCatalog(t.db, { query: "walnut zeppelin" })).total).toBe(0);
    expect(await slugs(t, { query: "the COFFEE" })).toContain("pour-over-coffee-set");
  });

  it("ranks products with the words in their name above those with them only in the description", async () => {
    const result = await slugs(t, { query: "headphones" });
    expect(result[0]).toBe("wireless-headphones");
    const steel = await slugs(t, { query: "steel" });
    expect(steel.length).toBeGreaterThan(1);
    const lamp = await slugs(t, { query: "lamp" });
    expect(lamp[0]).toBe("smart-desk-lamp");
  });

  it("corrects a typo to the nearest word of the catalog and says so", async () => {
    const result = await searchCatalog(t.db, { query: "headphnes" });
    expect(result.items.map((p) => p.slug)).toContain("wireless-headphones");
    expect(result.correctedFrom).toBe("headphnes");
    expect(result.query).toBe("headphones");
    expect((await searchCatalog(t.db, { query: "xqzvw" })).total).toBe(0);
  });

  it("filters by category, price range and stock", async () => {
    expect(await slugs(t, { query: "steel", category: "outdoors" })).toEqual(["insulated-bottle"]);
    const cheap = await searchCatalog(t.db, { query: "", category: "electronics", maxCents: 5_000 });
    expect(cheap.items.every((p) => p.priceCents <= 5_000)).toBe(true);
    expect(cheap.items.map((p) => p.slug).sort()).toEqual(["usb-c-charger"]);
    const band = await searchCatalog(t.db, { query: "", minCents: 10_000, maxCents: 12_000 });
    expect(band.items.length).toBeGreaterThan(0);
    expect(band.items.every((p) => p.priceCents >= 10_000 && p.priceCents <= 12_000)).toBe(true);
    expect(await slugs(t, { query: "wool" })).toContain("wool-beanie");
    expect(await slugs(t, { query: "wool", inStock: true })).not.toContain("wool-beanie");
  });

  it("sorts by price both ways and by newest", async () => {
    const asc = (await searchCatalog(t.db, { query: "", category: "apparel", sort: "price-asc" })).items.map(
      (p) => p.priceCents,
    );
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await searchCatalog(t.db, { query: "", category: "apparel", sort: "price-desc" })).items.map(
      (p) => p.priceCents,
    );
    expect(desc).toEqual([...asc].reverse());
    await t.db.product.update({
      where: { slug: "trekking-poles" },
      data: { createdAt: new Date(Date.now() + 60_000) },
    });
    expect((await slugs(t, { query: "", sort: "newest", inStock: false, category: "outdoors" }))[0]).toBe(
      "trekking-poles",
    );
  });

  it("treats SQL and full-text syntax as plain text", async () => {
    for (const q of INJECTIONS) {
      const result = await searchCatalog(t.db, { query: q });
      for (const p of result.items) expect(p.slug).toMatch(/^[a-z0-9-]+$/);
    }
    for (const q of ["%", "_", "\\", "'; --", '" = "']) expect((await searchCatalog(t.db, { query: q })).total).toBe(0);
    expect(await slugs(t, { query: "knife OR 1=1" })).toEqual([]);
    expect(await slugs(t, { query: "chef' OR '1'='1" })).toEqual([]);
    expect(await t.db.product.count()).toBeGreaterThanOrEqual(24);
  });

  it("keeps the index in step: renamed, deactivated and deleted products", async () => {
    await t.db.product.update({ where: { slug: "portable-speaker" }, data: { name: "Portable Zeppelin Speaker" } });
    expect(await slugs(t, { query: "zeppelin" })).toEqual(["portable-speaker"]);
    await t.db.product.update({ where: { slug: "portable-speaker" }, data: { active: false } });
    expect(await slugs(t, { query: "zeppelin" })).toEqual([]);
    const category = await t.db.category.findFirstOrThrow();
    await t.db.product.create({
      data: {
        slug: "gone",
        sku: "GONE",
        name: "Zeppelin Kite",
        description: "x",
        searchText: "",
        priceCents: 100,
        stock: 1,
        imagePath: "/x.svg",
        imageAlt: "x",
        categoryId: category.id,
      },
    });
    expect(await slugs(t, { query: "kite" })).toEqual(["gone"]);
    await t.db.product.delete({ where: { slug: "gone" } });
    expect(await slugs(t, { query: "kite" })).toEqual([]);
  });

  it("paginates and clamps pages past the end", async () => {
    const all = await searchCatalog(t.db, { query: "", inStock: true, sort: "price-asc" });
    expect(all.total).toBeGreaterThan(PAGE_SIZE);
    const last = await searchCatalog(t.db, { query: "", inStock: true, sort: "price-asc", page: 999 });
    expect(last.page).toBe(all.pageCount);
    expect(last.items.length).toBe(all.total - PAGE_SIZE * (all.pageCount - 1));
  });

  it("returns nothing for nothing to search for", async () => {
    expect((await searchCatalog(t.db, { query: "" })).total).toBe(0);
    expect((await searchCatalog(t.db, { query: "the and of" })).total).toBe(0);
  });
});

// The same catalog on both databases gives the same answers, page by page, in the same order.
describe.runIf(providers().includes("postgresql"))("search gives the same results on SQLite and PostgreSQL", () => {
  let lite: TestDatabase;
  let pg: TestDatabase;
  beforeAll(async () => {
    [lite, pg] = await Promise.all([freshDatabase("sqlite"), freshDatabase("postgresql")]);
    for (const t of [lite, pg]) {
      await seedCatalog(t.db);
      await seedBenchCatalog(t.db, 600);
      // Same creation times on both, so "newest" is comparable.
      await t.db.$executeRaw`UPDATE "Product" SET "createdAt" = ${new Date("2026-01-01T00:00:00Z")}`;
    }
  }, 120_000);
  afterAll(async () => {
    await lite.drop();
    await pg.drop();
  });

  const queries = [
    "knives",
    "headphnes",
    "oak lamp",
    "rustic",
    "steel",
    "Steel bowls",
    "lamps",
    "mugs",
    "cotton tee",
    "wool",
    "USB-C charger",
    "everyday use",
    "model 42",
    "linen",
    "walnut",
    "warm light",
    "glass jars",
    "chef's knife",
    ...INJECTIONS,
  ];
  const inputs: SearchInput[] = [
    ...queries.map((query) => ({ query })),
    ...queries.slice(0, 10).map((query) => ({ query, sort: "price-asc" as const })),
    ...queries.slice(0, 10).map((query) => ({ query, sort: "price-desc" as const, page: 2 })),
    { query: "oak", category: "apparel", minCents: 1_000, maxCents: 9_000, inStock: true },
    { query: "", category: "outdoors", sort: "newest" },
    { query: "", minCents: 500, maxCents: 700, sort: "price-desc" },
    { query: "modern", sort: "relevance", page: 3 },
  ];

  it.each(inputs.map((input) => [JSON.stringify(input), input] as const))("%s", async (_name, input) => {
    const [a, b] = await Promise.all([searchCatalog(lite.db, input), searchCatalog(pg.db, input)]);
    const shape = (r: typeof a) => ({
      total: r.total,
      page: r.page,
      query: r.query,
      correctedFrom: r.correctedFrom,
      slugs: r.items.map((p) => p.slug),
    });
    expect(shape(b)).toEqual(shape(a));
  });

  it("compares something: the queries above find products", async () => {
    expect((await searchCatalog(lite.db, { query: "oak lamp" })).total).toBeGreaterThan(0);
  });
});
