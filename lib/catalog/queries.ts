import "server-only";
import type { Db } from "@/lib/db";
import { z } from "zod";

// Catalog reads for anonymous shoppers. Only active products are ever listed or shown.

export const PAGE_SIZE = 12;

const productCard = {
  id: true,
  slug: true,
  name: true,
  priceCents: true,
  currency: true,
  stock: true,
  imagePath: true,
  imageAlt: true,
} as const;

export type ProductCard = {
  id: string;
  slug: string;
  name: string;
  priceCents: number;
  currency: string;
  stock: number;
  imagePath: string;
  imageAlt: string;
};
export type Page<T> = { items: T[]; page: number; pageCount: number; total: number };

const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);
export const pageSchema = z.coerce.number().int().min(1).max(1000).catch(1);
export async function listCategories(db: Db) {
  return db.category.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { slug: true, name: true } });
}

export async function listFeaturedProducts(db: Db, take = 8): Promise<ProductCard[]> {
  return db.product.findMany({
    where: { featured: true, active: true },
    orderBy: { name: "asc" },
    take,
    select: productCard,
  });
}

async function paginate(db: Db, where: object, page: number): Promise<Page<ProductCard>> {
  const total = await db.product.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(page, pageCount);
  const items = await db.product.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    skip: (current - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: productCard,
  });
  return { items, page: current, pageCount, total };
}

export async function getCategoryPage(db: Db, slug: string, page: number) {
  if (!slugSchema.safeParse(slug).success) return null;
  const category = await db.category.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, description: true },
  });
  if (!category) return null;
  return { category, products: await paginate(db, { categoryId: category.id, active: true }, page) };
}

export async function getProduct(db: Db, slug: string) {
  if (!slugSchema.safeParse(slug).success) return null;
  return db.product.findFirst({
    where: { slug, active: true },
    select: { ...productCard, sku: true, description: true, category: { select: { slug: true, name: true } } },
  });
}

/** Every page a search engine may index: categories and active products, for /sitemap.xml. */
export async function listIndexablePages(db: Db) {
  const [categories, products] = await Promise.all([
    db.category.findMany({ orderBy: { sortOrder: "asc" }, select: { slug: true } }),
    db.product.findMany({ where: { active: true }, orderBy: { slug: "asc" }, select: { slug: true, updatedAt: true } }),
  ]);
  return { categories, products };
}
