import "server-only";
import type { Db } from "@/lib/db";
import { renderEmail, type Mailer } from "@/lib/email";
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

/** What order links are built from; the sweep passes its own (it does not read the web config). */
export type OrderLinkConfig = { appUrl: string; authSecret?: string };

/**
 * The link a customer uses to view an order: their account for signed-in orders, a capability
 * link for guests (null when the capability key is not configured, as it may not be for cron).
 */
export function orderLink(orderId: string, userId: string | null, config?: OrderLinkConfig): string | null {
  const { appUrl, authSecret } = config ?? { appUrl: env().APP_URL, authSecret: env().AUTH_SECRET };
  if (userId) return `${appUrl}/orders/${orderId}`;
  return authSecret ? `${appUrl}/orders/track/${orderCapability(authSecret, orderId)}` : null;
}

/** Defaults: the app's mailer and links from env(); scripts/sweep.ts passes both. */
export type OrderEmailDeps = { mailer?: Mailer; links?: OrderLinkConfig; /** "refunded": the refund this email is about. */ refundId?: string };

/** A refund email's amounts: this refund, every refund so far, and what remains paid. */
async function refundLines(db: Db, orderId: string, currency: string, refundId: string | undefined): Promise<string[]> {
  const [payment, refund] = await Promise.all([
    db.payment.findUnique({ where: { orderId }, select: { amountCaptured: true, amountRefunded: true } }),
    refundId ? db.refund.findUnique({ where: { id: refundId }, select: { amountCents: true } }) : null,
  ]);
  if (!payment) return [];
  const money = (cents: number) => formatMoney(cents, currency);
  const remains = Math.max(0, payment.amountCaptured - payment.amountRefunded);
  return [
    `${refund ? `This refund: ${money(refund.amountCents)}. ` : ""}Refunded so far: ${money(payment.amountRefunded)} of the ${money(payment.amountCaptured)} you paid. ${remains > 0 ? `Remaining paid: ${money(remains)}.` : "Everything you paid has been refunded."}`,
  ];
}

export async function sendOrderEmail(db: Db, orderId: string, kind: OrderEmailKind, deps: OrderEmailDeps = {}): Promise<void> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: { id: true, reference: true, email: true, userId: true, totalCents: true, currency: true, items: { select: { name: true, quantity: true } } },
  });
  if (!order) return;
  const c = copy[kind];
  const lines = order.items.map((i) => `${i.quantity} × ${i.name}`);
  const link = orderLink(order.id, order.userId, deps.links);
  const content = renderEmail({
    heading: c.heading,
    paragraphs: [
      c.lead,
      ...(kind === "refunded" ? await refundLines(db, order.id, order.currency, deps.refundId) : []),
      `Order ${order.reference}: ${lines.join(", ")}. Total ${formatMoney(order.totalCents, order.currency)}.`,
    ],
    ...(link ? { action: { label: "View your order", url: link } } : {}),
  });
  await (deps.mailer ?? mailer()).send({ to: order.email, subject: c.subject(order.reference), ...content });
}
