import "server-only";
import type { Db } from "@/lib/db";
import { renderEmail } from "@/lib/email";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/catalog/format";
import { mailer } from "@/lib/notify/mailer";
import { orderCapability } from "./access";

export type OrderEmailKind = "confirmed" | "under-review" | "cancelled" | "refunded";

const copy: Record<OrderEmailKind, { subject: (ref: string) => string; heading: string; lead: string }> = {
  confirmed: { subject: (r) => `Order ${r} confirmed`, heading: "Thank you for your order", lead: "Your payment went through and we are preparing your order." },
  "under-review": {
    subject: (r) => `Order ${r} is under review`,
    heading: "Your order is under review",
    lead: "We are checking a few details before we take payment. Nothing has been charged yet; we will email you as soon as we are done.",
  },
  cancelled: {
    subject: (r) => `Order ${r} cancelled`,
    heading: "Your order was cancelled",
    lead: "We could not complete this order. The authorization on your card has been released and you have not been charged.",
  },
  refunded: {
    subject: (r) => `Refund for order ${r}`,
    heading: "We have refunded you",
    lead: "A refund is on its way to your card. Banks usually show it within 5 to 10 business days.",
  },
};

/** The link a customer uses to view an order: their account for signed-in orders, a capability link for guests. */
export function orderLink(orderId: string, userId: string | null): string {
  const { APP_URL, AUTH_SECRET } = env();
  return userId ? `${APP_URL}/orders/${orderId}` : `${APP_URL}/orders/track/${orderCapability(AUTH_SECRET, orderId)}`;
}

export async function sendOrderEmail(db: Db, orderId: string, kind: OrderEmailKind): Promise<void> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: { id: true, reference: true, email: true, userId: true, totalCents: true, currency: true, items: { select: { name: true, quantity: true } } },
  });
  if (!order) return;
  const c = copy[kind];
  const lines = order.items.map((i) => `${i.quantity} × ${i.name}`);
  const content = renderEmail({
    heading: c.heading,
    paragraphs: [c.lead, `Order ${order.reference}: ${lines.join(", ")}. Total ${formatMoney(order.totalCents, order.currency)}.`],
    action: { label: "View your order", url: orderLink(order.id, order.userId) },
  });
  await mailer().send({ to: order.email, subject: c.subject(order.reference), ...content });
}
