import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { clearCatalogCache } from "./cached";
import { changeVariantStock } from "./variants";

// Stock adjustments by staff (/admin/products/[id]): a signed change with a reason, audited
// with the change, the reason and the level it left. Checkout reserves stock with a conditional
// decrement (lib/checkout/start-checkout.ts: `stock >= quantity`); an adjustment is the same
// kind of single conditional UPDATE, relative to whatever the row holds when it runs, never a
// "set to the number I saw on the page". So an adjustment and checkouts racing for the same
// units are applied one after the other by the database: no lost update, no oversold unit, and
// stock never below zero (a removal larger than what is left is refused, changing nothing).

export const STOCK_REASONS = ["RECEIVED", "RETURNED", "DAMAGED", "LOST", "CORRECTION"] as const;
export type StockReason = (typeof STOCK_REASONS)[number];

export const STOCK_REASON_LABELS: Record<StockReason, string> = {
  // Short enough for the select to fit a 390 px screen.
  RECEIVED: "Received (adds)",
  RETURNED: "Returned (adds)",
  DAMAGED: "Damaged (removes)",
  LOST: "Lost or stolen (removes)",
  CORRECTION: "Count correction (either)",
};

const ADDS: readonly StockReason[] = ["RECEIVED", "RETURNED"];
const REMOVES: readonly StockReason[] = ["DAMAGED", "LOST"];
export const MAX_STOCK_CHANGE = 100_000;

const stockAdjustmentSchema = z
  .object({
    delta: z.coerce
      .number({ error: "Enter the change as a whole number, such as 12 or -3." })
      .int("Enter the change as a whole number, such as 12 or -3.")
      .min(-MAX_STOCK_CHANGE, `The change must be between -${MAX_STOCK_CHANGE} and ${MAX_STOCK_CHANGE}.`)
      .max(MAX_STOCK_CHANGE, `The change must be between -${MAX_STOCK_CHANGE} and ${MAX_STOCK_CHANGE}.`)
      .refine((n) => n !== 0, "Enter a change other than 0."),
    reason: z.enum(STOCK_REASONS, { error: "Choose a reason." }),
    // Which variant's stock; may be left out for a product with one variant only.
    variantId: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(64).optional()),
    note: z
      .string()
      .trim()
      .max(500, "Keep the note to 500 characters.")
      .refine(
        (s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s),
        "The note contains characters that cannot be shown.",
      )
      .optional()
      .default(""),
  })
  .superRefine((input, ctx) => {
    if (ADDS.includes(input.reason) && input.delta < 0)
      ctx.addIssue({
        code: "custom",
        path: ["delta"],
        message: "Received and returned units add to stock: enter a positive number.",
      });
    if (REMOVES.includes(input.reason) && input.delta > 0)
      ctx.addIssue({
        code: "custom",
        path: ["delta"],
        message: "Damaged and lost units leave stock: enter a negative number.",
      });
  });

/** Applies one adjustment to a variant's stock; returns the stock it left that variant. CONFLICT (nothing changed) if it would go below zero. */
export async function adjustStock(
  db: Db,
  actor: Actor | null,
  id: unknown,
  input: unknown,
  { ip = null }: { ip?: string | null } = {},
): Promise<{ stock: number; delta: number }> {
  const staff = requirePermission(actor, "catalog.manage");
  const pid = typeof id === "string" && id.length > 0 && id.length <= 64 ? id : null;
  if (!pid) throw new AppError("NOT_FOUND", "That product could not be found.");
  const { delta, reason, note, variantId } = parseInput(stockAdjustmentSchema, input);
  const variants = await db.productVariant.findMany({
    where: { productId: pid, ...(variantId ? { id: variantId } : {}) },
    take: 2,
    select: { id: true, sku: true },
  });
  if (variants.length === 0) {
    if (variantId)
      throw new AppError("VALIDATION", "Choose one of this product's variants.", { variantId: "Choose a variant." });
    throw new AppError("NOT_FOUND", "That product could not be found.");
  }
  if (variants.length > 1)
    throw new AppError("VALIDATION", "Choose which variant's stock to change.", { variantId: "Choose a variant." });
  const variant = variants[0]!;
  const stock = await inTransaction(db, async (tx) => {
    // The guard is part of the UPDATE: the database re-checks it against the row it locks.
    if (!(await changeVariantStock(tx, { variantId: variant.id, delta }))) {
      const current = await tx.productVariant.findUniqueOrThrow({ where: { id: variant.id }, select: { stock: true } });
      const message = `Only ${current.stock} in stock: you cannot remove ${-delta}. Nothing was changed.`;
      throw new AppError("CONFLICT", message, { delta: message });
    }
    const after = await tx.productVariant.findUniqueOrThrow({ where: { id: variant.id }, select: { stock: true } });
    await appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action: "catalog.stock",
      target: `product:${pid}`,
      detail: { delta, reason, note, sku: variant.sku, stockAfter: after.stock },
      ip,
    });
    return after.stock;
  });
  clearCatalogCache();
  return { stock, delta };
}
