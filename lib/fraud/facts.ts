import "server-only";
import type { Db } from "@/lib/db";
import type { StoredRuleConfig } from "./config";
import { historyQueries } from "./lookback";
import { normalizeEmail } from "./normalize";
import type { AttemptFact, AttemptLink, OrderFacts } from "./types";
import { isAttemptOutcome } from "@/lib/payments/attempts";

// At most this many linked attempts are read: far above any rule's threshold, and a bound on
// the work a flood of attempts can cause.
const MAX_ATTEMPTS = 500;

const ATTEMPT_FIELDS = {
  id: true,
  orderId: true,
  outcome: true,
  cardFingerprint: true,
  declineCode: true,
  attemptedAt: true,
  userId: true,
  emailNormalized: true,
  ip: true,
} as const;

type AttemptLinkFilter =
  | { orderId: string }
  | { emailNormalized: string }
  | { userId: string }
  | { ip: string }
  | { order: { cartId: string } }
  | { cardFingerprint: string };

/**
 * The attempts that share any of `links`, newest first, at most MAX_ATTEMPTS, each with whether
 * a cart query (this order, or another order of the same checkout cookie) found it. One indexed
 * query per link, merged here: a single query with OR across five columns makes SQLite scan the
 * table, and selecting each attempt's order to compare carts costs a join per row.
 */
async function linkedAttempts(
  db: Db,
  links: { filter: AttemptLinkFilter; cart: boolean }[],
  attemptedAt: { gte: Date; lte: Date },
) {
  const lists = await Promise.all(
    links.map(async ({ filter, cart }) => {
      const rows = await db.paymentAttempt.findMany({
        where: { ...filter, attemptedAt },
        select: ATTEMPT_FIELDS,
        orderBy: { attemptedAt: "desc" },
        take: MAX_ATTEMPTS,
      });
      return rows.map((row) => ({ ...row, sameCart: cart }));
    }),
  );
  const byId = new Map<string, (typeof lists)[number][number]>();
  for (const row of lists.flat()) {
    const seen = byId.get(row.id);
    byId.set(row.id, seen ? { ...seen, sameCart: seen.sameCart || row.sameCart } : row);
  }
  return [...byId.values()].sort((x, y) => y.attemptedAt.getTime() - x.attemptedAt.getTime()).slice(0, MAX_ATTEMPTS);
}

export type StoredOrder = {
  id: string;
  createdAt: Date;
  email: string;
  userId: string | null;
  ip: string | null;
  cartId: string | null;
  ipCountry: string | null;
  totalCents: number;
  currency: string;
  shippingName: string;
  shippingLine1: string;
  shippingLine2: string | null;
  shippingCity: string;
  shippingPostal: string;
  shippingCountry: string;
  payment: {
    cardFingerprint: string | null;
    cardBrand: string | null;
    cardLast4: string | null;
    cardCountry: string | null;
    cardholderName: string | null;
    billingLine1: string | null;
    billingLine2: string | null;
    billingCity: string | null;
    billingPostal: string | null;
    billingCountry: string | null;
    billingEmail: string | null;
    billingPhone: string | null;
  } | null;
  user: { id: string; name: string; email: string; phone: string | null; signupCountry: string | null } | null;
};

/**
 * The facts of a stored order, its payment and its customer's account, with empty history: what
 * gatherOrderFacts adds its history to, and all that a rule reading no history needs (the
 * backtest re-runs those rules on stored orders with it).
 */
export function ownRecordFacts(order: StoredOrder, assessedAt: Date): OrderFacts {
  const p = order.payment;
  return {
    order: {
      id: order.id,
      createdAt: order.createdAt,
      assessedAt,
      email: order.email,
      userId: order.userId,
      ip: order.ip,
      cartId: order.cartId,
      ipCountry: order.ipCountry,
      amountCents: order.totalCents,
      currency: order.currency,
      shipping: {
        name: order.shippingName,
        line1: order.shippingLine1,
        line2: order.shippingLine2,
        city: order.shippingCity,
        postalCode: order.shippingPostal,
        country: order.shippingCountry,
      },
      billing: p
        ? {
            name: p.cardholderName,
            line1: p.billingLine1,
            line2: p.billingLine2,
            city: p.billingCity,
            postalCode: p.billingPostal,
            country: p.billingCountry,
            email: p.billingEmail,
            phone: p.billingPhone,
          }
        : null,
      card: p
        ? {
            fingerprint: p.cardFingerprint,
            brand: p.cardBrand,
            last4: p.cardLast4,
            country: p.cardCountry,
            cardholderName: p.cardholderName,
          }
        : null,
    },
    customer: order.user
      ? {
          id: order.user.id,
          name: order.user.name,
          email: order.user.email,
          phone: order.user.phone,
          signupCountry: order.user.signupCountry,
        }
      : null,
    history: { cardOrders: [], customerCards: [], guestIpCountries: [], attempts: [] },
  };
}

/**
 * Gathers what the rules need about one authorized order: the order and its card facts, the
 * customer's record, and at most four indexed history queries (skipped when no enabled rule
 * needs them). See lib/fraud/README.md for the queries and their indexes. `now` ends the attempt
 * windows when the order has no authorized attempt yet.
 */
export async function gatherOrderFacts(
  db: Db,
  orderId: string,
  configs: readonly StoredRuleConfig[],
  now: Date = new Date(),
): Promise<OrderFacts | null> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    include: {
      payment: true,
      user: { select: { id: true, name: true, email: true, phone: true, signupCountry: true } },
    },
  });
  if (!order) return null;
  const p = order.payment;
  const fingerprint = p?.cardFingerprint ?? null;
  // The attempt windows end when this order's payment was authorized (a re-evaluation later
  // sees the same attempts as the first one did). The provider's times are whole seconds: the
  // authorization happened somewhere in its second, so the window ends with that second.
  const authorized = await db.paymentAttempt.findFirst({
    where: { orderId, outcome: { in: ["AUTHORIZED", "CANCELED"] }, chargeId: { not: null } },
    orderBy: { attemptedAt: "desc" },
    select: { attemptedAt: true },
  });
  const assessedAt = new Date(
    Math.max(order.createdAt.getTime(), authorized ? authorized.attemptedAt.getTime() + 999 : now.getTime()),
  );
  const since = historyQueries(configs, order.createdAt, assessedAt);
  const email = normalizeEmail(order.email) ?? order.email;

  const [cardOrders, customerCards, guestIpCountries, attempts] = await Promise.all([
    since.cardOrdersSince && fingerprint
      ? db.payment.findMany({
          where: {
            cardFingerprint: fingerprint,
            createdAt: { gte: since.cardOrdersSince },
            orderId: { not: order.id },
          },
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
            // Orders without a card fingerprint are dropped below: a relation filter here makes
            // SQLite read every payment with a fingerprint first.
          },
          select: { id: true, createdAt: true, payment: { select: { cardFingerprint: true } } },
        })
      : [],
    since.guestIpCountries && !order.userId
      ? db.order.findMany({
          where: {
            email: order.email,
            id: { not: order.id },
            createdAt: { lt: order.createdAt },
            ipCountry: { not: null },
          },
          select: { ipCountry: true },
          distinct: ["ipCountry"],
          take: 50,
        })
      : [],
    since.attemptsSince
      ? linkedAttempts(
          db,
          [
            { filter: { orderId: order.id }, cart: true },
            { filter: { emailNormalized: email }, cart: false },
            ...(order.userId ? [{ filter: { userId: order.userId }, cart: false }] : []),
            ...(order.ip ? [{ filter: { ip: order.ip }, cart: false }] : []),
            ...(order.cartId ? [{ filter: { order: { cartId: order.cartId } }, cart: true }] : []),
            ...(fingerprint ? [{ filter: { cardFingerprint: fingerprint }, cart: false }] : []),
          ],
          { gte: since.attemptsSince, lte: assessedAt },
        )
      : [],
  ]);

  const linksOf = (a: (typeof attempts)[number]): AttemptLink[] => {
    const links: AttemptLink[] = [];
    if (order.userId && a.userId === order.userId) links.push("account");
    if (a.emailNormalized === email) links.push("email");
    if (order.ip && a.ip === order.ip) links.push("ip");
    if (a.sameCart || a.orderId === order.id) links.push("cart");
    if (fingerprint && a.cardFingerprint === fingerprint) links.push("card");
    return links;
  };
  const attemptFacts: AttemptFact[] = attempts.flatMap((a) =>
    isAttemptOutcome(a.outcome)
      ? [
          {
            orderId: a.orderId,
            outcome: a.outcome,
            fingerprint: a.cardFingerprint,
            declineCode: a.declineCode,
            at: a.attemptedAt,
            userId: a.userId,
            email: a.emailNormalized,
            links: linksOf(a),
          },
        ]
      : [],
  );

  return {
    ...ownRecordFacts(order, assessedAt),
    history: {
      cardOrders: cardOrders.map((r) => ({
        orderId: r.order.id,
        userId: r.order.userId,
        email: r.order.email,
        createdAt: r.order.createdAt,
      })),
      customerCards: customerCards.flatMap((o) =>
        o.payment?.cardFingerprint
          ? [{ orderId: o.id, fingerprint: o.payment.cardFingerprint, createdAt: o.createdAt }]
          : [],
      ),
      guestIpCountries: guestIpCountries.flatMap((o) => (o.ipCountry ? [o.ipCountry] : [])),
      attempts: attemptFacts,
    },
  };
}
