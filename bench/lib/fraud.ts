// Fraud evaluation of one authorized order against a large order history: the time
// evaluateOrder takes (its configuration read, at most three indexed history queries, the rules
// and the write of its result), the median over many runs.
import type { Db } from "@/lib/db/client";
import { evaluateOrder } from "@/lib/fraud/evaluate-order";
import { percentile, round } from "./checkout";
import { seedOrderHistory } from "./seed";

export type FraudBench = { medianMs: number; p90Ms: number; runs: number; historyOrders: number; seedSeconds: number; triggered: string[] };

/** Seeds `history` past orders, then evaluates one new authorized order `runs` times. */
export async function benchFraud(db: Db, history = 100_000, runs = 50): Promise<FraudBench> {
  const t0 = performance.now();
  const { email, fingerprint } = await seedOrderHistory(db, history);
  const seedSeconds = round((performance.now() - t0) / 1000);
  const order = await db.order.create({
    data: {
      reference: `BENCHFRAUD${Date.now()}`,
      email,
      status: "PENDING_PAYMENT",
      currency: "usd",
      subtotalCents: 4000,
      shippingCents: 500,
      totalCents: 4500,
      ip: "81.2.69.142",
      ipCountry: "GB",
      shippingName: "Customer 42",
      shippingLine1: "42 High Street",
      shippingCity: "London",
      shippingPostal: "N1 9GU",
      shippingCountry: "GB",
      payment: {
        create: {
          paymentIntentId: `pi_bench_fraud_${Date.now()}`,
          status: "requires_capture",
          amountAuthorized: 4500,
          cardBrand: "visa",
          cardLast4: "4242",
          cardCountry: "US",
          cardFingerprint: fingerprint,
          cardholderName: "Someone Else",
          billingCountry: "US",
          billingLine1: "9 Other Road",
          billingCity: "Boston",
          billingPostal: "02110",
        },
      },
    },
    select: { id: true },
  });
  const first = await evaluateOrder(db, order.id); // warm the client and the database cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await evaluateOrder(db, order.id);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return {
    medianMs: round(percentile(times, 50), 2),
    p90Ms: round(percentile(times, 90), 2),
    runs,
    historyOrders: await db.order.count(),
    seedSeconds,
    triggered: first?.results.map((r) => r.rule) ?? [],
  };
}
