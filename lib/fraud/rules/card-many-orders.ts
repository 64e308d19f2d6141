import { firstFew, normalizeEmail, withinWindow } from "../normalize";
import { cardLabel } from "../card-label";
import { defineRule } from "../define-rule";
import { flagSetting, hoursSetting, numberSetting } from "../rule-settings";
import type { RuleHit } from "../types";

type Buyer = { orderId: string; userId: string | null; email: string };

// Groups orders into buyers: two orders belong to the same buyer when they share an account or an
// email, transitively, so a customer who once checked out as a guest with their account's email
// is one buyer, not two. Returns one group id per order (same id = same buyer).
function groupBuyers(buyers: Buyer[]): number[] {
  const parent = buyers.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] ?? i;
    return i;
  };
  const firstByKey = new Map<string, number>();
  buyers.forEach((buyer, i) => {
    const email = normalizeEmail(buyer.email);
    for (const key of [buyer.userId ? `user:${buyer.userId}` : null, email ? `email:${email}` : null]) {
      if (key === null) continue;
      const seen = firstByKey.get(key);
      if (seen === undefined) firstByKey.set(key, i);
      else parent[root(i)] = root(seen);
    }
  });
  return buyers.map((_, i) => root(i));
}

// One card on many orders in a short time is the classic card-testing or reseller pattern; one
// card on several accounts suggests a shared stolen card. The shared-card check uses its own
// window (default 30 days, up to a year) rather than "ever": a family sharing a card across two
// accounts years apart is not a signal, and a bounded window keeps the history query bounded.
export const cardManyOrders = defineRule({
  id: "card-many-orders",
  title: "One card on many orders or accounts",
  weight: 30,
  settings: {
    minOrders: numberSetting({
      label: "Orders per card",
      help: "Fire when one card pays this many orders (this one included) within the window.",
      min: 2,
      max: 100,
      default: 3,
    }),
    windowHours: hoursSetting({ label: "Orders-per-card window", default: 24 }),
    flagSharedCard: flagSetting({ label: "Flag a card used by more than one account or email", default: true }),
    sharedCardWindowHours: hoursSetting({
      label: "Shared-card window",
      help: "How far back a card counts as shared (up to a year).",
      max: 8760,
      default: 720,
    }),
  },
  defaults: { enabled: true, action: "HOLD" },
  needs: ({ windowHours, flagSharedCard, sharedCardWindowHours }) => {
    const hours = flagSharedCard ? Math.max(windowHours, sharedCardWindowHours) : windowHours;
    return { cardOrdersHours: hours, attemptsHours: hours };
  },
  evaluate({ order, history }, { minOrders, windowHours, flagSharedCard, sharedCardWindowHours }): RuleHit | null {
    if (!order.card?.fingerprint) return null;
    // Orders the card paid, and orders where it was only tried (declined, failed): a card tried
    // on other checkouts is on them as much as a card that paid. Each order counts once, the
    // current one included, at the time the card was on it.
    const tried = history.attempts
      .filter((a) => a.links.includes("card") && a.orderId !== order.id)
      .map((a) => ({ orderId: a.orderId, userId: a.userId, email: a.email, createdAt: a.at }));
    const others = [
      ...new Map(
        [...tried, ...history.cardOrders.filter((o) => o.orderId !== order.id)].map((o) => [o.orderId, o]),
      ).values(),
    ];

    const inWindow = others.filter((o) => withinWindow(o.createdAt, order.assessedAt, windowHours));
    const orderCount = inWindow.length + 1;
    const manyOrders = orderCount >= minOrders;

    const recent = flagSharedCard
      ? others.filter((o) => withinWindow(o.createdAt, order.assessedAt, sharedCardWindowHours))
      : [];
    const groups = groupBuyers([{ orderId: order.id, userId: order.userId, email: order.email }, ...recent]);
    const ownGroup = groups[0];
    const otherBuyers = new Map<number, Buyer>();
    recent.forEach((o, i) => {
      const g = groups[i + 1];
      if (g !== undefined && g !== ownGroup && !otherBuyers.has(g)) otherBuyers.set(g, o);
    });
    const shared = otherBuyers.size > 0;

    if (!manyOrders && !shared) return null;

    const card = cardLabel(order.card);
    const otherCount = otherBuyers.size;
    const sentences: string[] = [];
    if (manyOrders)
      sentences.push(`${card} was used on ${orderCount} orders within ${windowHours} h (threshold ${minOrders}).`);
    if (shared)
      sentences.push(
        `${manyOrders ? "It" : card} was also used by ${otherCount} other account${otherCount === 1 ? "" : "s"} or email${otherCount === 1 ? "" : "s"} within ${sharedCardWindowHours} h.`,
      );
    return {
      evidence: {
        reasons: [...(manyOrders ? ["many-orders"] : []), ...(shared ? ["shared-card"] : [])],
        ordersInWindow: orderCount,
        minOrders,
        windowHours,
        orderIdsInWindow: firstFew(inWindow.map((o) => o.orderId)),
        otherBuyers: otherCount,
        sharedCardWindowHours: flagSharedCard ? sharedCardWindowHours : null,
        otherBuyerSamples: firstFew(
          [...otherBuyers.values()].map((b) => ({ orderId: b.orderId, userId: b.userId, email: b.email })),
        ),
      },
      message: sentences.join(" "),
    };
  },
});
