import "server-only";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { csvRow } from "@/lib/admin/csv";
import { parseInput } from "@/lib/validation";
import { productSearchSchema, productState, productWhere } from "./admin";
import { PRODUCT_CSV_COLUMNS } from "./csv-columns";

// The product list as CSV (/admin/products/export), with the list page's filter (q, state; the
// page number is ignored), by name. Cells go through the formula-injection-safe writer
// (lib/admin/csv.ts): a product name such as =HYPERLINK(…) opens as text. Audited. The same
// columns are what the CSV import reads (./import.ts), so export → spreadsheet → import round-trips.

const PRODUCT_EXPORT_MAX_ROWS = 50_000;
const BATCH = 1_000;
const PRODUCT_EXPORT_COLUMNS = PRODUCT_CSV_COLUMNS.map((c) => c.header);

export async function exportProductsCsv(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { now, ip }: { now: Date; ip?: string | null },
): Promise<{ filename: string; csv: string; rows: number }> {
  const staff = requirePermission(actor, "catalog.manage");
  const filter = parseInput(productSearchSchema, input);
  const where = productWhere(filter);
  const lines = [csvRow(PRODUCT_EXPORT_COLUMNS)];
  let cursor: string | undefined;
  while (lines.length - 1 < PRODUCT_EXPORT_MAX_ROWS) {
    const batch = await db.product.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: Math.min(BATCH, PRODUCT_EXPORT_MAX_ROWS - (lines.length - 1)),
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        sku: true,
        slug: true,
        name: true,
        priceCents: true,
        currency: true,
        stock: true,
        active: true,
        archivedAt: true,
        description: true,
        category: { select: { slug: true } },
      },
    });
    for (const p of batch)
      lines.push(
        csvRow([
          p.sku,
          p.slug,
          p.name,
          p.category.slug,
          p.priceCents,
          p.currency.toUpperCase(),
          p.stock,
          productState(p),
          p.description,
        ]),
      );
    if (batch.length < BATCH) break;
    cursor = batch.at(-1)!.id;
  }
  const rows = lines.length - 1;
  await appendAudit(db, {
    actor: { id: staff.id, email: staff.email },
    action: "catalog.export",
    target: "products",
    detail: { q: filter.q, state: filter.state, rows },
    ip: ip ?? null,
  });
  return { filename: `products-${now.toISOString().slice(0, 10)}.csv`, csv: lines.join(""), rows };
}
