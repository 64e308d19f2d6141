// Fraud evaluation of one authorized order against a large order history, the median over many
// runs: assessOrder (the rule settings and hold policy, the order, at most four indexed history
// queries, every payment attempt included, and the rules) and evaluateOrder (the same plus recording the result: one transaction replacing the
// order's FraudCheck rows and its risk score, so a commit to disk).
import type { Db } from "@/lib/db/client";
import { assessOrder, evaluateOrder } from "@/lib/fraud/evaluate-order";
import { percentile, round } from "./stats";
import { seedOrderHistory } from "./seed";

export type FraudBench = {
  medianMs: number;
  p90Ms: number;
  recordedMedianMs: number;
  recordedP90Ms: number;
  runs: number;
  historyOrders: number;
  historyAttempts: number;
  seedSeconds: number;
  triggered: string[];
};

async function timed(runs: number, f: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await f();
    times.push(performance.now() - s);
  }
  return times.sort((a, b) => a - b);
}

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
  const assessed = await timed(runs, () => assessOrder(db, order.id));
  const recorded = await timed(runs, () => evaluateOrder(db, order.id));
  return {
    medianMs: round(percentile(assessed, 50), 2),
    p90Ms: round(percentile(assessed, 90), 2),
    recordedMedianMs: round(percentile(recorded, 50), 2),
    recordedP90Ms: round(percentile(recorded, 90), 2),
    runs,
    historyOrders: await db.order.count(),
    historyAttempts: await db.paymentAttempt.count(),
    seedSeconds,
    triggered: first?.results.map((r) => r.rule) ?? [],
  };
}
