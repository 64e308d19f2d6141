// Webhook throughput: `events` pending orders, one `checkout.session.expired` event each, signed
// with the webhook secret and POSTed to the running store. The timed pass delivers every event
// once and every tenth event a second time right behind the original (often concurrently, the
// race a redelivering provider causes); the figure is events applied per second. A second pass
// then redelivers every event, as a provider retrying after lost acknowledgements would.
// Afterwards the database must show each event applied exactly once.
import type { Db } from "@/lib/db/client";
import { load, type LoadResult } from "./load";
import { sessionExpiredEvent, signPayload } from "./stripe-events";

export type WebhookBench = LoadResult & {
  events: number;
  eventsPerSecond: number;
  deliveriesPerSecond: number;
  redeliveries: LoadResult;
  redeliveriesPerSecond: number;
  consistent: boolean;
  /** Deliveries (first pass and redeliveries) the store answered 5xx: 0 in a run without faults. */
  answered5xx: number;
  detail: string;
};

/** Every 10th event is delivered twice in a row. */
const DUPLICATE_EVERY = 10;

export async function benchWebhooks(db: Db, base: string, secret: string, events = 2000): Promise<WebhookBench> {
  const product = await db.product.findFirstOrThrow({
    where: { slug: { startsWith: "bench-" } },
    select: { id: true, variants: { select: { id: true }, take: 1 } },
  });
  const run = Date.now().toString(36);
  const orderIds = Array.from({ length: events }, (_, i) => `benchwh${run}${String(i).padStart(6, "0")}`);
  for (let i = 0; i < events; i += 1000) {
    const ids = orderIds.slice(i, i + 1000);
    await db.order.createMany({
      data: ids.map((id, j) => ({
        id,
        reference: `W${run}${i + j}`.toUpperCase(),
        email: `webhook${i + j}@example.org`,
        currency: "usd",
        subtotalCents: 1000,
        shippingCents: 500,
        totalCents: 1500,
        shippingName: "Web Hook",
        shippingLine1: "1 Queue Lane",
        shippingCity: "London",
        shippingPostal: "N1 9GU",
        shippingCountry: "GB",
      })),
    });
    await db.orderItem.createMany({
      data: ids.map((orderId) => ({
        orderId,
        productId: product.id,
        variantId: product.variants[0]!.id,
        name: "Bench item",
        sku: "BENCH-ITEM",
        unitPriceCents: 1000,
        quantity: 1,
      })),
    });
  }
  // Every order holds one reserved unit; releasing each exactly once brings stock to `events`.
  await db.product.update({ where: { id: product.id }, data: { stock: 0 } });
  const bodies = orderIds.map((orderId, i) => sessionExpiredEvent(`evt_bench_${run}_${i}`, orderId));

  const order: number[] = [];
  for (let i = 0; i < events; i++) {
    order.push(i);
    if (i % DUPLICATE_EVERY === 0) order.push(i);
  }
  const deliver = (sequence: number[]) =>
    load({
      url: `${base}/api/webhooks/stripe`,
      method: "POST",
      amount: sequence.length,
      headers: { "Content-Type": "application/json" },
      setup: (i) => {
        const body = bodies[sequence[i % sequence.length]!]!;
        return { body, headers: { "Stripe-Signature": signPayload(secret, body) } };
      },
    });
  const result = await deliver(order);
  const redeliveries = await deliver(orderIds.map((_, i) => i));

  const [applied, expired, stock] = await Promise.all([
    db.webhookEvent.count({ where: { id: { startsWith: `evt_bench_${run}_` } } }),
    db.order.count({ where: { id: { startsWith: `benchwh${run}` }, status: "EXPIRED", stockReleased: true } }),
    db.product.findUniqueOrThrow({ where: { id: product.id }, select: { stock: true } }),
  ]);
  const answered5xx = result.server5xx + redeliveries.server5xx;
  const consistent =
    applied === events &&
    expired === events &&
    stock.stock === events &&
    [result, redeliveries].every((r) => r.non2xx === 0 && r.errors === 0);
  const redeliveriesPerSecond = Math.round((redeliveries.ok / redeliveries.seconds) * 10) / 10;
  return {
    ...result,
    events,
    eventsPerSecond: Math.round((events / result.seconds) * 10) / 10,
    deliveriesPerSecond: Math.round((result.ok / result.seconds) * 10) / 10,
    redeliveries,
    redeliveriesPerSecond,
    consistent,
    answered5xx,
    detail:
      `${result.ok} deliveries (every ${DUPLICATE_EVERY}th event twice in a row), then all ${redeliveries.ok} redelivered at ${redeliveriesPerSecond}/s: ` +
      `${applied}/${events} events recorded once, ${expired} orders expired, stock released ${stock.stock}× (expected ${events}); ${answered5xx} answered 5xx`,
  };
}
