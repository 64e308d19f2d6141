// Seeds the demo catalog. Safe to run on every start: rows are matched by slug, existing
// products keep their stock and price (a running store's state is never reset by a restart).
import { seedDemoAccounts } from "@/lib/auth/demo-accounts";
import { catalog } from "@/prisma/catalog";
import type { Db } from "./client";

export async function seedCatalog(db: Db): Promise<{ categories: number; products: number; created: number }> {
  let products = 0;
  let created = 0;
  for (const [index, c] of catalog.entries()) {
    const category = await db.category.upsert({
      where: { slug: c.slug },
      create: { slug: c.slug, name: c.name, description: c.description, sortOrder: index },
      update: { name: c.name, description: c.description, sortOrder: index },
    });
    for (const p of c.products) {
      products++;
      const exists = await db.product.findUnique({ where: { slug: p.slug }, select: { id: true } });
      if (exists) continue;
      const sku = `SKU-${p.slug.toUpperCase().replace(/-/g, "").slice(0, 12)}`;
      await db.product.create({
        data: {
          slug: p.slug,
          sku,
          name: p.name,
          description: p.description,
          searchText: `${p.name} ${p.description}`.toLowerCase(),
          priceCents: p.priceCents,
          stock: p.stock,
          featured: p.featured ?? false,
          imagePath: `/products/${p.slug}.svg`,
          imageAlt: `${p.name} product illustration`,
          categoryId: category.id,
          variants: { create: { sku, priceCents: p.priceCents, stock: p.stock } },
        },
      });
      created++;
    }
  }
  return { categories: catalog.length, products, created };
}

/**
 * Everything `npm start` needs for a demo: the catalog and, when a `demoPassword` is given (never
 * in a production deployment that is not DEMO_MODE), the demo accounts (lib/auth/demo-accounts.ts).
 */
export async function seedDemo(db: Db, options: { demoPassword?: string } = {}) {
  const catalog = await seedCatalog(db);
  const accounts = options.demoPassword ? await seedDemoAccounts(db, options.demoPassword) : 0;
  return { catalog, accounts };
}
