import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { clearCatalogCache } from "./cached";
import { imageStorage, removeImageFiles, type ImageStorage } from "./images/storage";

// Catalog management for staff (/admin/products, docs/catalog.md): list and search, create, edit,
// archive, and delete a product no order refers to. A product is active (on sale), hidden
// (inactive: "on sale" unticked in the form, or "hidden" in a CSV import) or archived (inactive
// with `archivedAt` set: taken out of the range, kept for its orders; only archive sets it and
// only restore or putting the product back on sale clears it). Every function checks `catalog.manage`
// itself and writes its change and its audit entry in one transaction. Stock is changed only
// through ./stock-adjustments.ts (a conditional update that never oversells).
//
// API for other modules:
//   searchProducts(db, actor, { q, state, page })        -> a page of products
//   productForEdit(db, actor, id)                        -> the product and the categories
//   createProduct(db, actor, input, { ip })              -> { id, slug }
//   updateProduct(db, actor, id, input, { ip, archived }) -> { id, changed: string[] }
//     (`archived` is for the CSV import, ./import.ts; the form leaves it out: an archived
//     product saved still off sale stays archived, saved on sale is no longer archived)
//   archiveProduct / restoreProduct(db, actor, id, { ip })
//   deleteProduct(db, actor, id, { ip })                 -> CONFLICT when an order refers to it
// An uploaded picture is managed by ./images/product-images.ts; deleting a product deletes its files.

const PRODUCTS_PAGE_SIZE = 25;
export const PRODUCT_STATES = ["all", "active", "hidden", "archived"] as const;
/** The largest price staff may set: 1,000,000.00 in the store's currency. */
const MAX_PRICE_CENTS = 100_000_000;
/** New products show this picture until staff upload one (./images/product-images.ts). */
export const PLACEHOLDER_IMAGE = "/products/placeholder.svg";

export const productSearchSchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  state: z.enum(PRODUCT_STATES).catch("all").default("all"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

// Control characters never belong in a catalog text; they are refused rather than stored.
const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(max, `Keep the ${label} to ${max} characters.`)
    .refine(
      (s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s),
      `The ${label} contains characters that cannot be shown.`,
    );

const checkbox = z
  .union([z.boolean(), z.string(), z.undefined(), z.null()])
  .transform((v) => v === true || v === "on" || v === "true");

export const productInputSchema = z.object({
  name: text("name", 120),
  slug: z
    .string({ error: "Enter the address name (slug)." })
    .trim()
    .toLowerCase()
    .min(1, "Enter the address name (slug).")
    .max(100, "Keep the slug to 100 characters.")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens (organic-cotton-tee)."),
  sku: z
    .string({ error: "Enter the SKU." })
    .trim()
    .toUpperCase()
    .min(3, "The SKU needs 3 to 32 characters.")
    .max(32, "The SKU needs 3 to 32 characters.")
    .regex(/^[A-Z0-9][A-Z0-9-]*$/, "Use letters, digits and hyphens in the SKU."),
  description: text("description", 2000),
  categoryId: z
    .string({ error: "Choose a category." })
    .trim()
    .min(1, "Choose a category.")
    .max(64, "Choose a category."),
  priceCents: z.coerce
    .number({ error: "Enter the price in minor units (cents), a whole number." })
    .int("Enter the price in minor units (cents), a whole number.")
    .min(1, "The price must be at least 1.")
    .max(MAX_PRICE_CENTS, `The price can be at most ${MAX_PRICE_CENTS}.`),
  active: checkbox,
});

const idSchema = z.string().min(1).max(64);
const productId = (id: unknown) => {
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) throw new AppError("NOT_FOUND", "That product could not be found.");
  return parsed.data;
};
const missing = () => new AppError("NOT_FOUND", "That product could not be found.");

type Options = { ip?: string | null };
/** A product's state as the list, the export and the import name it. */
export const productState = (p: { active: boolean; archivedAt: Date | null }) =>
  p.archivedAt ? "archived" : p.active ? "active" : "hidden";
const auditActor = (staff: Actor) => ({ id: staff.id, email: staff.email });

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** Slug and SKU are unique: say which one is taken, as a field error. */
async function assertUnique(db: Db, input: { slug: string; sku: string }, exceptId: string | null) {
  const taken = await db.product.findMany({
    where: { OR: [{ slug: input.slug }, { sku: input.sku }], ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { slug: true, sku: true },
  });
  // A variant of another product may hold the SKU too (a single-variant product's variant shares its SKU).
  const variant = await db.productVariant.findFirst({
    where: { sku: input.sku, ...(exceptId ? { NOT: { productId: exceptId } } : {}) },
    select: { id: true },
  });
  const fields: Record<string, string> = {};
  if (taken.some((p) => p.slug === input.slug)) fields.slug = "Another product already uses this slug.";
  if (variant || taken.some((p) => p.sku === input.sku)) fields.sku = "Another product already uses this SKU.";
  const first = Object.values(fields)[0];
  if (first) throw new AppError("VALIDATION", first, fields);
}

async function assertCategory(db: Db, categoryId: string) {
  if (!(await db.category.findUnique({ where: { id: categoryId }, select: { id: true } })))
    throw new AppError("VALIDATION", "Choose a category.", { categoryId: "Choose a category." });
}

const searchText = (p: { name: string; description: string }) => `${p.name} ${p.description}`.toLowerCase();

/** The list filter as a Prisma where (also used by the CSV export, ./export.ts). */
export function productWhere(filter: z.infer<typeof productSearchSchema>) {
  // Names are matched through the lower-cased searchText, slugs are lower case and SKUs upper
  // case, so each compares the same way on both databases. LIKE wildcards split the query.
  const pieces = filter.q
    .split(/[%_\\\s]+/)
    .filter(Boolean)
    .slice(0, 5);
  return {
    ...(filter.state === "active"
      ? { active: true }
      : filter.state === "hidden"
        ? { active: false, archivedAt: null }
        : filter.state === "archived"
          ? { archivedAt: { not: null } }
          : {}),
    ...(pieces.length
      ? {
          OR: [
            { AND: pieces.map((p) => ({ searchText: { contains: p.toLowerCase() } })) },
            { AND: pieces.map((p) => ({ slug: { contains: p.toLowerCase() } })) },
            { AND: pieces.map((p) => ({ sku: { contains: p.toUpperCase() } })) },
          ],
        }
      : {}),
  };
}

export async function searchProducts(db: Db, actor: Actor | null, input: unknown) {
  requirePermission(actor, "catalog.manage");
  const filter = parseInput(productSearchSchema, input);
  const where = productWhere(filter);
  const [total, rows] = await Promise.all([
    db.product.count({ where }),
    db.product.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (filter.page - 1) * PRODUCTS_PAGE_SIZE,
      take: PRODUCTS_PAGE_SIZE,
      select: {
        id: true,
        name: true,
        slug: true,
        sku: true,
        priceCents: true,
        currency: true,
        stock: true,
        active: true,
        archivedAt: true,
        category: { select: { name: true } },
      },
    }),
  ]);
  return { filter, total, pages: Math.max(1, Math.ceil(total / PRODUCTS_PAGE_SIZE)), rows };
}

/** The categories a product may be filed under, in shop order. */
export async function productCategories(db: Db, actor: Actor | null) {
  requirePermission(actor, "catalog.manage");
  return db.category.findMany({ orderBy: { sortOrder: "asc" }, select: { id: true, name: true } });
}

export async function productForEdit(db: Db, actor: Actor | null, id: unknown) {
  requirePermission(actor, "catalog.manage");
  const product = await db.product.findUnique({
    where: { id: productId(id) },
    select: {
      id: true,
      name: true,
      slug: true,
      sku: true,
      description: true,
      categoryId: true,
      priceCents: true,
      currency: true,
      stock: true,
      active: true,
      archivedAt: true,
      updatedAt: true,
      _count: { select: { orderItems: true } },
    },
  });
  if (!product) throw missing();
  const { _count, ...rest } = product;
  return { ...rest, orderCount: _count.orderItems };
}

export async function createProduct(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { ip = null }: Options = {},
): Promise<{ id: string; slug: string }> {
  const staff = requirePermission(actor, "catalog.manage");
  const data = parseInput(productInputSchema, input);
  await assertCategory(db, data.categoryId);
  await assertUnique(db, data, null);
  try {
    const created = await inTransaction(db, async (tx) => {
      // Stock starts at zero: units arrive through a stock adjustment ("received"), which is audited.
      const row = await tx.product.create({
        data: {
          ...data,
          searchText: searchText(data),
          stock: 0,
          imagePath: PLACEHOLDER_IMAGE,
          imageAlt: `${data.name} placeholder picture`,
          // Sold in one form until staff add options: one variant with the product's SKU and price.
          variants: { create: { sku: data.sku, priceCents: data.priceCents, stock: 0 } },
        },
        select: { id: true, slug: true },
      });
      await appendAudit(tx, {
        actor: auditActor(staff),
        action: "catalog.create",
        target: `product:${row.id}`,
        detail: { ...data },
        ip,
      });
      return row;
    });
    clearCatalogCache();
    return created;
  } catch (error) {
    // Two admins creating the same slug at once: the unique index decides.
    if (isUniqueViolation(error)) await assertUnique(db, data, null);
    throw error;
  }
}

const EDITABLE = ["name", "slug", "sku", "description", "categoryId", "priceCents", "active"] as const;

/** Saves an edit. A price change applies to new checkouts only: order lines keep their own copy. */
export async function updateProduct(
  db: Db,
  actor: Actor | null,
  id: unknown,
  input: unknown,
  { ip = null, archived }: Options & { archived?: boolean } = {},
): Promise<{ id: string; changed: string[] }> {
  const staff = requirePermission(actor, "catalog.manage");
  const pid = productId(id);
  const data = parseInput(productInputSchema, input);
  if (!(await db.product.findUnique({ where: { id: pid }, select: { id: true } }))) throw missing();
  await assertCategory(db, data.categoryId);
  await assertUnique(db, data, pid);
  try {
    const changed = await inTransaction(db, async (tx) => {
      const row = await tx.product.findUnique({
        where: { id: pid },
        select: {
          name: true,
          slug: true,
          sku: true,
          description: true,
          categoryId: true,
          priceCents: true,
          active: true,
          archivedAt: true,
        },
      });
      if (!row) throw missing();
      // A product sold in one form keeps its variant's SKU and price equal to its own; one with
      // several variants has a price per variant, and its own is derived (./variants.ts).
      const variants = await tx.productVariant.findMany({ where: { productId: pid }, take: 2, select: { id: true } });
      if (variants.length > 1 && data.priceCents !== row.priceCents) {
        const message = "This product has several variants: change each variant's price instead.";
        throw new AppError("VALIDATION", message, { priceCents: message });
      }
      // On sale is never archived; off sale keeps whatever it was unless the caller says.
      const after = { ...data, archived: !data.active && (archived ?? row.archivedAt !== null) };
      const before = { ...row, archived: row.archivedAt !== null };
      const keys = [...EDITABLE, "archived" as const].filter((k) => before[k] !== after[k]);
      if (keys.length === 0) return keys;
      await tx.product.update({
        where: { id: pid },
        data: {
          ...data,
          searchText: searchText(data),
          archivedAt: after.archived ? (row.archivedAt ?? new Date()) : null,
        },
      });
      if (variants.length === 1)
        await tx.productVariant.update({
          where: { id: variants[0]!.id },
          data: { sku: data.sku, priceCents: data.priceCents },
        });
      await appendAudit(tx, {
        actor: auditActor(staff),
        action: "catalog.update",
        target: `product:${pid}`,
        detail: {
          before: Object.fromEntries(keys.map((k) => [k, before[k]])),
          after: Object.fromEntries(keys.map((k) => [k, after[k]])),
        },
        ip,
      });
      return keys;
    });
    if (changed.length) clearCatalogCache();
    return { id: pid, changed: [...changed] };
  } catch (error) {
    if (isUniqueViolation(error)) await assertUnique(db, data, pid);
    throw error;
  }
}

async function setActive(
  db: Db,
  actor: Actor | null,
  id: unknown,
  active: boolean,
  { ip = null }: Options,
): Promise<boolean> {
  const staff = requirePermission(actor, "catalog.manage");
  const pid = productId(id);
  const moved = await inTransaction(db, async (tx) => {
    // Archive moves an active or hidden product to archived; restore puts a hidden or archived one on sale.
    const result = await tx.product.updateMany({
      where: active ? { id: pid, active: false } : { id: pid, archivedAt: null },
      data: active ? { active: true, archivedAt: null } : { active: false, archivedAt: new Date() },
    });
    if (result.count !== 1) {
      if (!(await tx.product.findUnique({ where: { id: pid }, select: { id: true } }))) throw missing();
      return false;
    }
    await appendAudit(tx, {
      actor: auditActor(staff),
      action: active ? "catalog.restore" : "catalog.archive",
      target: `product:${pid}`,
      ip,
    });
    return true;
  });
  if (moved) clearCatalogCache();
  return moved;
}

/** Takes a product out of the shop, keeping it for the orders that refer to it. False if already archived. */
export const archiveProduct = (db: Db, actor: Actor | null, id: unknown, options: Options = {}) =>
  setActive(db, actor, id, false, options);
/** Puts an archived or hidden product back on sale. False if it already was. */
export const restoreProduct = (db: Db, actor: Actor | null, id: unknown, options: Options = {}) =>
  setActive(db, actor, id, true, options);

const REFERENCED = "Orders refer to this product, so it cannot be deleted: archive it instead.";

/** Deletes a product no order refers to (taking it out of carts); refused with CONFLICT otherwise. */
export async function deleteProduct(
  db: Db,
  actor: Actor | null,
  id: unknown,
  { ip = null, storage }: Options & { storage?: ImageStorage } = {},
): Promise<{ name: string }> {
  const staff = requirePermission(actor, "catalog.manage");
  const pid = productId(id);
  try {
    const deleted = await inTransaction(db, async (tx) => {
      const product = await tx.product.findUnique({
        where: { id: pid },
        select: {
          name: true,
          slug: true,
          sku: true,
          image: { select: { key: true } },
          _count: { select: { orderItems: true } },
        },
      });
      if (!product) throw missing();
      if (product._count.orderItems > 0) throw new AppError("CONFLICT", REFERENCED);
      const carts = await tx.cartItem.deleteMany({ where: { variant: { productId: pid } } });
      // A checkout committing an order line between the count and here makes the foreign key refuse this delete.
      await tx.product.delete({ where: { id: pid } });
      await appendAudit(tx, {
        actor: auditActor(staff),
        action: "catalog.delete",
        target: `product:${pid}`,
        detail: {
          name: product.name,
          slug: product.slug,
          sku: product.sku,
          removedFromCarts: carts.count,
          ...(product.image ? { imageKey: product.image.key } : {}),
        },
        ip,
      });
      return { name: product.name, imageKey: product.image?.key ?? null };
    });
    clearCatalogCache();
    // The picture's row went with the product (cascade); its files go once that has committed.
    if (deleted.imageKey) await removeImageFiles(storage ?? imageStorage(), deleted.imageKey);
    return { name: deleted.name };
  } catch (error) {
    if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2003")
      throw new AppError("CONFLICT", REFERENCED);
    throw error;
  }
}
