import "server-only";
import type { Db } from "@/lib/db";
import { withOrderStatus } from "./status";

/** What a customer sees of an order (the order page, and the order emails). */
export const orderView = {
  id: true,
  reference: true,
  status: true,
  email: true,
  userId: true,
  currency: true,
  subtotalCents: true,
  shippingCents: true,
  shippingMethod: true,
  taxCents: true,
  taxInclusive: true,
  taxBps: true,
  taxLabel: true,
  totalCents: true,
  shippingName: true,
  shippingLine1: true,
  shippingLine2: true,
  shippingCity: true,
  shippingPostal: true,
  shippingCountry: true,
  createdAt: true,
  paidAt: true,
  items: { select: { name: true, sku: true, unitPriceCents: true, quantity: true } },
  payment: { select: { cardBrand: true, cardLast4: true, amountCaptured: true, amountRefunded: true } },
} as const;

export type OrderView = NonNullable<Awaited<ReturnType<typeof findOrderForGuest>>>;

const typed = <T extends { status: string }>(row: T | null) => (row ? withOrderStatus(row) : null);

/** An order as its owner sees it; null when it does not exist or belongs to someone else. */
export async function findOrderForUser(db: Db, userId: string, orderId: string) {
  return typed(await db.order.findFirst({ where: { id: orderId, userId }, select: orderView }));
}

/** An order through a verified guest capability (lib/orders/guest-link.ts). */
export async function findOrderForGuest(db: Db, orderId: string) {
  return typed(await db.order.findUnique({ where: { id: orderId }, select: orderView }));
}

export async function listOrdersForUser(db: Db, userId: string) {
  const rows = await db.order.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, reference: true, status: true, totalCents: true, currency: true, createdAt: true },
  });
  return rows.map((r) => withOrderStatus(r));
}
