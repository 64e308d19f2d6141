import "server-only";
import type { Db } from "@/lib/db";
import type { StoredRuleConfig } from "./config";
import { historyQueries } from "./lookback";
import type { OrderFacts } from "./types";

/**
 * Gathers what the rules need about one authorized order: the order and its card facts, the
 * customer's record, and at most three indexed history queries (skipped when no enabled rule
 * needs them). See lib/fraud/README.md for the queries and their indexes.
 */
export async function gatherOrderFacts(db: Db, orderId: string, configs: readonly StoredRuleConfig[]): Promise<OrderFacts | null> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    include: { payment: true, user: { select: { id: true, name: true, email: true, phone: true, signupCountry: true } } },
  });
  if (!order) return null;
  const p = order.payment;
  const since = historyQueries(configs, order.createdAt);
  const fingerprint = p?.cardFingerprint ?? null;

  const [cardOrders, customerCards, guestIpCountries] = await Promise.all([
    since.cardOrdersSince && fingerprint
      ? db.payment.findMany({
          where: { cardFingerprint: fingerprint, createdAt: { gte: since.cardOrdersSince }, orderId: { not: order.id } },
          select: { order: { select: { id: true, userId: true, email: true, createdAt: true } } },
        })
      : [],
    since.customerCardsSince
      ? db.order.findMany({
          where: {
            id: { not: order.id },
            createdAt: { gte: since.customerCardsSince, lte: order.createdAt },
            // For a guest, `userId: null` would match every guest order: only the email counts.
            OR: order.userId ? [{ email: order.email }, { userId: order.userId }] : [{ email: order.email }],
            payment: { cardFingerprint: { not: null } },
          },
          select: { id: true, createdAt: true, payment: { select: { cardFingerprint: true } } },
        })
      : [],
    since.guestIpCountries && !order.userId
      ? db.order.findMany({
          where: { email: order.email, id: { not: order.id }, createdAt: { lt: order.createdAt }, ipCountry: { not: null } },
          select: { ipCountry: true },
          distinct: ["ipCountry"],
          take: 50,
        })
      : [],
  ]);

  return {
    order: {
      id: order.id,
      createdAt: order.createdAt,
      email: order.email,
      userId: order.userId,
      ipCountry: order.ipCountry,
      amountCents: order.totalCents,
      currency: order.currency,
      shipping: { name: order.shippingName, line1: order.shippingLine1, line2: order.shippingLine2, city: order.shippingCity, postalCode: order.shippingPostal, country: order.shippingCountry },
      billing: p
        ? { name: p.cardholderName, line1: p.billingLine1, line2: p.billingLine2, city: p.billingCity, postalCode: p.billingPostal, country: p.billingCountry, email: p.billingEmail, phone: p.billingPhone }
        : null,
      card: p ? { fingerprint, brand: p.cardBrand, last4: p.cardLast4, country: p.cardCountry, cardholderName: p.cardholderName } : null,
    },
    customer: order.user ? { id: order.user.id, name: order.user.name, email: order.user.email, phone: order.user.phone, signupCountry: order.user.signupCountry } : null,
    history: {
      cardOrders: cardOrders.map((r) => ({ orderId: r.order.id, userId: r.order.userId, email: r.order.email, createdAt: r.order.createdAt })),
      customerCards: customerCards.map((o) => ({ orderId: o.id, fingerprint: o.payment?.cardFingerprint ?? null, createdAt: o.createdAt })),
      guestIpCountries: guestIpCountries.flatMap((o) => (o.ipCountry ? [o.ipCountry] : [])),
    },
  };
}
