// Checkout session creation measured through the store's domain function (startCheckout),
// against the benchmark database and the running emulator, as the checkout action calls it.
import type Stripe from "stripe";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import type { Db } from "@/lib/db/client";
import { percentile, round } from "./stats";

const address = {
  email: "bench@example.org",
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "London",
  postalCode: "N1 9GU",
  country: "GB",
};

export type CheckoutBench = {
  rate: number;
  ok: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  concurrency: number;
};

/** `count` shoppers, each with a one-line cart, start checkout `concurrency` at a time. */
export async function benchCheckout(
  db: Db,
  stripe: Stripe,
  appUrl: string,
  count = 300,
  concurrency = 20,
): Promise<CheckoutBench> {
  const products = await db.product.findMany({
    where: { slug: { startsWith: "bench-" } },
    select: { id: true },
    take: 100,
  });
  const tokens: string[] = [];
  for (let i = 0; i < count; i++)
    tokens.push(
      (
        await addToCart(db, undefined, {
          requestKey: newRequestKey(),
          productId: products[i % products.length]!.id,
          quantity: 1,
        })
      ).token,
    );
  const times: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        const t0 = performance.now();
        try {
          await startCheckout(
            db,
            stripe,
            { cartToken: token, userId: null, ip: "81.2.69.142", ipCountry: "GB", appUrl },
            address,
          );
          times.push(performance.now() - t0);
        } catch (error) {
          failed++;
          if (failed === 1) console.error("checkout failed:", error instanceof Error ? error.message : error);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    rate: round(times.length / seconds),
    ok: times.length,
    failed,
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
    seconds: round(seconds),
    concurrency,
  };
}
