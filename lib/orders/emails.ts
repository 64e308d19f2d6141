import "server-only";
import type { Db } from "@/lib/db";
import type { Mailer } from "@/lib/email";
import { ORDER_EMAIL_COPY as copy, type OrderEmailKind } from "@/lib/email/templates/order-copy";
import { renderOrderEmail, type OrderEmailProps } from "@/lib/email/templates/order-email";
import { COUNTRIES } from "@/lib/checkout/countries";
import { SHIPPING_METHOD_LABEL, taxLineLabel, type ShippingMethod } from "@/lib/checkout/pricing";
import { env } from "@/lib/env";
import { mailer } from "@/lib/notify/store-mailer";
import { orderCapability } from "./guest-link";
import { orderView } from "./queries";

export type { OrderEmailKind };

/** What order links are built from; the sweep passes its own (it does not read the web config). */
export type OrderLinkConfig = { appUrl: string; authSecret?: string };

/**
 * The link a customer uses to view an order: their account for signed-in orders, a capability
 * link for guests (null when the capability key is not configured, as it may not be for cron).
 */
function orderLink(orderId: string, userId: string | null, config?: OrderLinkConfig): string | null {
  const { appUrl, authSecret } = config ?? { appUrl: env().APP_URL, authSecret: env().AUTH_SECRET };
  if (userId) return `${appUrl}/orders/${orderId}`;
  return authSecret ? `${appUrl}/orders/track/${orderCapability(authSecret, orderId)}` : null;
}

/** Defaults: the app's mailer and links from env(); scripts/sweep.ts passes both. */
export type OrderEmailDeps = {
  mailer?: Mailer;
  links?: OrderLinkConfig;
  /** "refunded": the refund this email is about. */ refundId?: string;
};

/** A refund email's amounts: this refund, every refund so far, and what the customer paid. */
async function refundFacts(
  db: Db,
  payment: { amountCaptured: number; amountRefunded: number } | null,
  refundId: string | undefined,
): Promise<OrderEmailProps["refund"]> {
  if (!payment) return undefined;
  const refund = refundId
    ? await db.refund.findUnique({ where: { id: refundId }, select: { amountCents: true } })
    : null;
  return {
    thisRefundCents: refund?.amountCents ?? null,
    refundedCents: payment.amountRefunded,
    paidCents: payment.amountCaptured,
  };
}

export async function sendOrderEmail(
  db: Db,
  orderId: string,
  kind: OrderEmailKind,
  deps: OrderEmailDeps = {},
): Promise<void> {
  const order = await db.order.findUnique({ where: { id: orderId }, select: orderView });
  if (!order) return;
  const c = copy[kind];
  const method = order.shippingMethod as ShippingMethod;
  const content = await renderOrderEmail({
    heading: c.heading,
    lead: c.lead,
    reference: order.reference,
    currency: order.currency,
    lines: order.items,
    subtotalCents: order.subtotalCents,
    shippingLabel: SHIPPING_METHOD_LABEL[method] ?? "Shipping",
    shippingCents: order.shippingCents,
    tax: order.taxLabel
      ? {
          label: taxLineLabel({ label: order.taxLabel, bps: order.taxBps, inclusive: false }),
          cents: order.taxCents,
          inclusive: order.taxInclusive,
        }
      : null,
    totalCents: order.totalCents,
    address: {
      name: order.shippingName,
      line1: order.shippingLine1,
      line2: order.shippingLine2,
      postalCode: order.shippingPostal,
      city: order.shippingCity,
      country: COUNTRIES[order.shippingCountry] ?? order.shippingCountry,
    },
    link: orderLink(order.id, order.userId, deps.links),
    ...(kind === "refunded" ? { refund: await refundFacts(db, order.payment, deps.refundId) } : {}),
  });
  await (deps.mailer ?? mailer()).send({ to: order.email, subject: c.subject(order.reference), ...content });
}
