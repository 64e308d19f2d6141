// Webhook throughput: `events` pending orders, one `checkout.session.expired` event each, signed
// with the webhook secret and POSTed to the running store; every event is sent twice, the
// duplicate right behind the original (often concurrently), as a redelivering provider would.
// Afterwards the database must show each event applied exactly once.
import type { Db } from "@/lib/db/client";
import { load, type LoadResult } from "./load";
import { sessionExpiredEvent, signPayload } from "./stripe-events";

export type WebhookBench = LoadResult & { events: number; eventsPerSecond: number; deliveriesPerSecond: number; consistent: boolean; detail: string };

export async function benchWebhooks(db: Db, base: string, secret: string, events = 2000): Promise<WebhookBench> {
  const product = await db.product.findFirstOrThrow({ where: { slug: { startsWith: "bench-" } }, select: { id: true } });
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
    await db.orderItem.createMany({ data: ids.map((orderId) => ({ orderId, productId: product.id, name: "Bench item", sku: "BENCH-ITEM", unitPriceCents: 1000, quantity: 1 })) });
  }
  // Every order holds one reserved unit; releasing each exactly once brings stock to `events`.
  await db.product.update({ where: { id: product.id }, data: { stock: 0 } });
  const bodies = orderIds.map((orderId, i) => sessionExpiredEvent(`evt_bench_${run}_${i}`, orderId));

  const result = await load({
    url: `${base}/api/webhooks/stripe`,
    method: "POST",
    amount: events * 2,
    headers: { "Content-Type": "application/json" },
    setup: (i) => {
      const body = bodies[Math.floor(i / 2) % events]!;
      return { body, headers: { "Stripe-Signature": signPayload(secret, body) } };
    },
  });

  const [applied, expired, stock] = await Promise.all([
    db.webhookEvent.count({ where: { id: { startsWith: `evt_bench_${run}_` } } }),
    db.order.count({ where: { id: { startsWith: `benchwh${run}` }, status: "EXPIRED", stockReleased: true } }),
    db.product.findUniqueOrThrow({ where: { id: product.id }, select: { stock: true } }),
  ]);
  const consistent = applied === events && expired === events && stock.stock === events && result.non2xx === 0 && result.errors === 0;
  return {
    ...result,
    events,
    eventsPerSecond: Math.round((events / result.seconds) * 10) / 10,
    deliveriesPerSecond: Math.round((result.ok / result.seconds) * 10) / 10,
    consistent,
    detail: `${result.ok} deliveries (each event twice): ${applied}/${events} events recorded once, ${expired} orders expired, stock released ${stock.stock}× (expected ${events})`,
  };
}
