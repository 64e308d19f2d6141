import "server-only";
import type { Db } from "@/lib/db";

const orderView = {
  id: true,
  reference: true,
  status: true,
  email: true,
  userId: true,
  currency: true,
  subtotalCents: true,
  shippingCents: true,
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
  payment: { select: { cardBrand: true, cardLast4: true } },
} as const;

export type OrderView = NonNullable<Awaited<ReturnType<typeof findOrderForGuest>>>;

/** An order as its owner sees it; null when it does not exist or belongs to someone else. */
export async function findOrderForUser(db: Db, userId: string, orderId: string) {
  return db.order.findFirst({ where: { id: orderId, userId }, select: orderView });
}

/** An order through a verified guest capability (lib/orders/access.ts). */
export async function findOrderForGuest(db: Db, orderId: string) {
  return db.order.findUnique({ where: { id: orderId }, select: orderView });
}

export async function listOrdersForUser(db: Db, userId: string) {
  return db.order.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, reference: true, status: true, totalCents: true, currency: true, createdAt: true },
  });
}

// What each status means to a shopper.
export const STATUS_LABEL: Record<string, string> = {
  PENDING_PAYMENT: "Awaiting payment",
  AUTHORIZING: "Confirming your payment",
  APPROVING: "Under review: nothing has been charged yet",
  REJECTING: "Under review: nothing has been charged yet",
  PAID: "Paid: we are preparing your order",
  HELD: "Under review: nothing has been charged yet",
  CANCELLED: "Cancelled: you have not been charged",
  EXPIRED: "Payment not completed",
  REFUNDED: "Refunded",
  PARTIALLY_REFUNDED: "Partially refunded",
};
