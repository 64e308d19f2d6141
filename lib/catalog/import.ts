import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { createProduct, productInputSchema, productState, updateProduct } from "./admin";
import { PRODUCT_CSV_HEADER as H, PRODUCT_CSV_STATES } from "./csv-columns";
import { IMPORT_MAX_BYTES, parseProductCsv, type CsvRow, type ParsedCsv } from "./import-csv";
import { adjustStock, MAX_STOCK_CHANGE } from "./stock-adjustments";

// CSV import of products (/admin/products/import, docs/catalog.md), in two steps with the same
// file. previewProductImport reads the file, checks every row with the product form's schema
// and says what would be created, updated, left unchanged or refused, writing nothing. Its
// `digest` covers the file and the planned changes. applyProductImport takes the file again
// with that digest, plans again inside one transaction, and writes only if nothing is refused
// and the plan is still the one previewed (the digest matches): otherwise nothing at all is
// written. The client never sends the plan itself, only the file and the digest to compare.
//
// Rows are matched to products by slug: a new slug creates a product (through createProduct),
// a known one is updated (through updateProduct, auditing only what changed). The Stock column,
// when filled in, is the count staff want: the difference from the stock at the moment of
// applying goes through adjustStock (reason CORRECTION, or RECEIVED for a new product, note
// "CSV import"), a relative conditional update like every other adjustment, so a checkout
// reserving units meanwhile is never undone and stock never goes below zero. Stock is left out
// of the digest: sales between preview and apply do not void the preview.
//
// API: previewProductImport(db, actor, { file })            -> ImportPreview
//      applyProductImport(db, actor, { file, digest }, { ip }) -> ImportResult

export type ImportOutcome = "create" | "update" | "unchanged" | "refused";
type ImportRowError = { field: string; message: string };
type ImportRow = {
  line: number;
  slug: string;
  name: string;
  outcome: ImportOutcome;
  /** The columns that would change (Stock included). */
  changes: string[];
  stock: { before: number | null; after: number } | null;
  errors: ImportRowError[];
};
export type ImportPreview = {
  fileName: string;
  rows: ImportRow[];
  counts: Record<ImportOutcome, number>;
  ignoredColumns: string[];
  digest: string;
};
type ImportResult = { created: number; updated: number; unchanged: number; stockAdjusted: number };

const IMPORT_STOCK_NOTE = "CSV import";
/** A long import holds the write lock: allow it more time than a checkout's transaction. */
const IMPORT_TRANSACTION_TIMEOUT = 60_000;

const fileSchema = z.instanceof(Blob, { error: "Choose a CSV file." }).refine((f) => f.size > 0, "Choose a CSV file.");
const previewSchema = z.object({ file: fileSchema });
const applySchema = z.object({
  file: fileSchema,
  digest: z.string({ error: "Preview the file first." }).regex(/^[0-9a-f]{64}$/, "Preview the file first."),
});

// productInputSchema's fields → the column staff see.
const COLUMN: Record<string, string> = {
  name: H.name,
  slug: H.slug,
  sku: H.sku,
  description: H.description,
  categoryId: H.category,
  priceCents: H.priceCents,
  active: H.state,
};
const COMPARED = ["name", "sku", "description", "categoryId", "priceCents"] as const;

type Planned = ImportRow & {
  input: Record<string, unknown> | null;
  productId: string | null;
  archived: boolean;
  stockTarget: number | null;
  /** The changes other than stock: what the digest covers. */
  fieldChanges: string[];
};

async function readFile(file: Blob) {
  if (file.size > IMPORT_MAX_BYTES)
    throw new AppError(
      "VALIDATION",
      `The file is larger than ${IMPORT_MAX_BYTES / 1_000_000} MB: split it into smaller files.`,
      { file: "The file is too large." },
    );
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = (file instanceof File ? file.name : "").replace(/[^\w .()-]/g, "_").slice(0, 120) || "products.csv";
  return { bytes, name, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** Checks one row on its own: the form's schema, the category, the state, the stock and currency cells. */
function checkRow(row: CsvRow, categories: Map<string, string>) {
  const c = row.cells;
  const errors: ImportRowError[] = row.problem ? [{ field: "Row", message: row.problem }] : [];
  const state = (c.state ?? "").trim().toLowerCase();
  if (!(PRODUCT_CSV_STATES as readonly string[]).includes(state))
    errors.push({ field: H.state, message: "Enter active, hidden or archived." });
  const categorySlug = (c.category ?? "").trim().toLowerCase();
  const categoryId = categories.get(categorySlug);
  if (!categoryId)
    errors.push({
      field: H.category,
      message: categorySlug ? `No category has the slug “${categorySlug.slice(0, 60)}”.` : "Enter the category's slug.",
    });
  const currency = (c.currency ?? "").trim().toLowerCase();
  if (currency !== "" && currency !== "usd")
    errors.push({ field: H.currency, message: "The shop sells in USD: enter USD or leave the cell empty." });
  const stockCell = (c.stock ?? "").trim();
  const stockTarget =
    stockCell === ""
      ? null
      : /^\d{1,6}$/.test(stockCell) && Number(stockCell) <= MAX_STOCK_CHANGE
        ? Number(stockCell)
        : NaN;
  if (Number.isNaN(stockTarget))
    errors.push({
      field: H.stock,
      message: `Enter the units in stock as a whole number from 0 to ${MAX_STOCK_CHANGE}, or leave the cell empty to keep the stock.`,
    });
  const input = {
    name: c.name,
    slug: c.slug,
    sku: c.sku,
    description: c.description,
    categoryId: categoryId ?? "-",
    priceCents: c.priceCents,
    active: state === "active",
  };
  const parsed = productInputSchema.safeParse(input);
  if (!parsed.success) {
    const seen = new Set(errors.map((e) => e.field));
    for (const issue of parsed.error.issues) {
      const field = COLUMN[String(issue.path[0])] ?? "Row";
      if (!seen.has(field)) errors.push({ field, message: issue.message });
      seen.add(field);
    }
  }
  return {
    errors,
    input,
    data: parsed.success ? parsed.data : null,
    state,
    stockTarget: Number.isNaN(stockTarget) ? null : stockTarget,
  };
}

/** Plans every row against the catalog as it is now; writes nothing. */
async function plan(db: Db, parsed: ParsedCsv): Promise<Planned[]> {
  const categories = new Map(
    (await db.category.findMany({ select: { id: true, slug: true } })).map((c) => [c.slug, c.id]),
  );
  const checked = parsed.rows.map((row) => ({ row, ...checkRow(row, categories) }));
  const slugs = checked.flatMap((r) => (r.data ? [r.data.slug] : []));
  const skus = checked.flatMap((r) => (r.data ? [r.data.sku] : []));
  const select = {
    id: true,
    slug: true,
    sku: true,
    name: true,
    description: true,
    categoryId: true,
    priceCents: true,
    active: true,
    archivedAt: true,
    stock: true,
  } as const;
  const existing = new Map(
    (await db.product.findMany({ where: { slug: { in: slugs } }, select })).map((p) => [p.slug, p]),
  );
  const skuOwner = new Map(
    (await db.product.findMany({ where: { sku: { in: skus } }, select: { slug: true, sku: true } })).map((p) => [
      p.sku,
      p.slug,
    ]),
  );
  const firstSlug = new Map<string, number>();
  const firstSku = new Map<string, number>();

  return checked.map(({ row, errors, input, data, state, stockTarget }): Planned => {
    const base: Omit<Planned, "outcome" | "errors"> = {
      line: row.line,
      slug: (data?.slug ?? row.cells.slug ?? "").slice(0, 100),
      name: (data?.name ?? row.cells.name ?? "").slice(0, 120),
      input: null,
      productId: null,
      archived: false,
      stockTarget: null,
      changes: [],
      fieldChanges: [],
      stock: null,
    };
    if (data) {
      const slugAt = firstSlug.get(data.slug);
      if (slugAt !== undefined)
        errors.push({ field: H.slug, message: `Line ${slugAt} has the same slug: a product appears once in a file.` });
      else firstSlug.set(data.slug, row.line);
      const skuAt = firstSku.get(data.sku);
      if (skuAt !== undefined) errors.push({ field: H.sku, message: `Line ${skuAt} has the same SKU.` });
      else firstSku.set(data.sku, row.line);
      const owner = skuOwner.get(data.sku);
      if (owner !== undefined && owner !== data.slug)
        errors.push({ field: H.sku, message: `The product “${owner}” already uses this SKU.` });
      if (!existing.has(data.slug) && state === "archived")
        errors.push({ field: H.state, message: "A new product cannot start archived: enter hidden." });
    }
    if (errors.length || !data) return { ...base, outcome: "refused", errors };
    const product = existing.get(data.slug);
    const archived = state === "archived";
    if (!product) {
      const changes = stockTarget ? ["Stock"] : [];
      return {
        ...base,
        outcome: "create",
        errors,
        input,
        archived,
        stockTarget,
        changes,
        fieldChanges: [H.slug],
        stock: stockTarget === null ? null : { before: null, after: stockTarget },
      };
    }
    const fieldChanges = COMPARED.filter((k) => product[k] !== data[k]).map((k) => COLUMN[k]!);
    if (productState(product) !== state) fieldChanges.push(H.state);
    const stockChanges = stockTarget !== null && stockTarget !== product.stock;
    const changes = stockChanges ? [...fieldChanges, H.stock] : fieldChanges;
    return {
      ...base,
      outcome: changes.length ? "update" : "unchanged",
      errors,
      input,
      productId: product.id,
      archived,
      stockTarget,
      changes,
      fieldChanges,
      stock: stockChanges ? { before: product.stock, after: stockTarget } : null,
    };
  });
}

/** The digest of a file and its planned changes (stock left out: sales move it between the steps). */
function digestOf(sha256: string, rows: Planned[]): string {
  const shape = rows.map((r) => [
    r.line,
    r.slug,
    r.outcome === "create" || r.outcome === "refused" ? r.outcome : r.fieldChanges.length ? "update" : "unchanged",
    r.fieldChanges,
  ]);
  return createHash("sha256")
    .update(JSON.stringify({ v: 1, file: sha256, rows: shape }))
    .digest("hex");
}

const publicRow = ({ line, slug, name, outcome, changes, stock, errors }: Planned): ImportRow => ({
  line,
  slug,
  name,
  outcome,
  changes,
  stock,
  errors,
});

/** The dry run: what the file would do, row by row. Writes nothing (not even an audit entry). */
export async function previewProductImport(db: Db, actor: Actor | null, input: unknown): Promise<ImportPreview> {
  requirePermission(actor, "catalog.manage");
  const { file } = parseInput(previewSchema, input);
  const { bytes, name, sha256 } = await readFile(file);
  const parsed = parseProductCsv(bytes);
  const rows = await plan(db, parsed);
  const counts: Record<ImportOutcome, number> = { create: 0, update: 0, unchanged: 0, refused: 0 };
  for (const r of rows) counts[r.outcome]++;
  return {
    fileName: name,
    rows: rows.map(publicRow),
    counts,
    ignoredColumns: parsed.ignoredColumns,
    digest: digestOf(sha256, rows),
  };
}

/** Applies a previewed file in one transaction: all rows or, on any refusal or change since the preview, none. */
export async function applyProductImport(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { ip = null }: { ip?: string | null } = {},
): Promise<ImportResult> {
  const staff = requirePermission(actor, "catalog.manage");
  const { file, digest } = parseInput(applySchema, input);
  const { bytes, name, sha256 } = await readFile(file);
  const parsed = parseProductCsv(bytes);
  return inTransaction(
    db,
    async (tx) => {
      const rows = await plan(tx, parsed);
      const refused = rows.filter((r) => r.outcome === "refused");
      if (refused.length) {
        const first = refused[0]!;
        throw new AppError(
          "VALIDATION",
          `${refused.length} ${refused.length === 1 ? "row is" : "rows are"} refused (line ${first.line}, ${first.errors[0]!.field}: ${first.errors[0]!.message}). Nothing was imported.`,
        );
      }
      if (digestOf(sha256, rows) !== digest)
        throw new AppError(
          "CONFLICT",
          "The file or the catalog changed since the preview, so nothing was imported. Preview the file again.",
        );
      const result: ImportResult = { created: 0, updated: 0, unchanged: 0, stockAdjusted: 0 };
      for (const row of rows) {
        try {
          let id = row.productId;
          if (!id) {
            id = (await createProduct(tx, staff, row.input, { ip })).id;
            result.created++;
          } else if (row.fieldChanges.length) {
            await updateProduct(tx, staff, id, row.input, { ip, archived: row.archived });
          }
          let delta = 0;
          if (row.stockTarget !== null) {
            // The product's total: for a product with several variants the preview refuses a change.
            const { stock } = await tx.product.findUniqueOrThrow({ where: { id }, select: { stock: true } });
            delta = row.stockTarget - stock;
            if (delta !== 0)
              await adjustStock(
                tx,
                staff,
                id,
                { delta, reason: row.productId ? "CORRECTION" : "RECEIVED", note: IMPORT_STOCK_NOTE },
                { ip },
              );
          }
          if (delta !== 0) result.stockAdjusted++;
          if (row.productId) result[row.fieldChanges.length || delta !== 0 ? "updated" : "unchanged"]++;
        } catch (error) {
          if (error instanceof AppError)
            throw new AppError(error.code, `Line ${row.line} (${row.slug}): ${error.message} Nothing was imported.`);
          throw error;
        }
      }
      await appendAudit(tx, {
        actor: { id: staff.id, email: staff.email },
        action: "catalog.import",
        target: "products",
        detail: { file: name, sha256, rows: rows.length, ...result },
        ip,
      });
      return result;
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT },
  );
}
