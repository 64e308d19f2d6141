// Authorization events racing each other, as Stripe sends them: `orders` shoppers check out and
// pay on the emulator's hosted page, and for each payment the emulator delivers
// checkout.session.completed and payment_intent.amount_capturable_updated to the running store
// at the same moment (deliveries queue per object, and these are two objects). One delivery
// claims the order; the other waits for it and answers 2xx. The figure that matters is the
// number of deliveries answered 5xx: any is a failure the provider's dashboard would show, and
// in a run without faults it must be 0.
import type Stripe from "stripe";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import type { Db } from "@/lib/db/client";
import { uniqueCard } from "@/tests/support/cards";
import { submitPaymentForm, validCard } from "@/tests/unit/emulator/helpers";

export type AuthorizationRace = {
  orders: number;
  paid: number;
  settled: number;
  deliveries: number;
  attempts: number;
  /** Delivery attempts the store answered with a 5xx status. */
  answered5xx: number;
  detail: string;
};

type EmulatorEvents = {
  data: Array<{
    id: string;
    type: string;
    delivery: { status: string; attempts: Array<{ status: number | null }> } | null;
  }>;
};

const AUTHORIZATION_EVENTS = new Set([
  "checkout.session.completed",
  "payment_intent.amount_capturable_updated",
  "payment_intent.succeeded",
]);

export async function benchAuthorizationRace(
  db: Db,
  stripe: Stripe,
  emulatorUrl: string,
  apiKey: string,
  appUrl: string,
  orders = 100,
): Promise<AuthorizationRace> {
  const products = await db.product.findMany({
    where: { slug: { startsWith: "bench-" } },
    select: { id: true },
    take: 100,
  });
  const before = new Set((await events(emulatorUrl, apiKey)).data.map((e) => e.id));
  const started: string[] = [];
  const urls: string[] = [];
  for (let i = 0; i < orders; i++) {
    const { token } = await addToCart(db, undefined, {
      requestKey: newRequestKey(),
      productId: products[i % products.length]!.id,
      quantity: 1,
    });
    const checkout = await startCheckout(
      db,
      stripe,
      { cartToken: token, userId: null, ip: "81.2.69.142", ipCountry: "GB", appUrl },
      {
        email: `race${i}@example.org`,
        name: "Ada Lovelace",
        line1: "1 Analytical Way",
        city: "London",
        postalCode: "N1 9GU",
        country: "GB",
      },
    );
    started.push(checkout.orderId);
    urls.push(checkout.redirectUrl);
  }
  // Ten shoppers pay at a time; each payment sets off its pair of racing deliveries.
  let paid = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const page = await submitPaymentForm(url, validCard(uniqueCard()));
        if (page.status === 303) paid++;
      }
    }),
  );
  const idle = await fetch(`${emulatorUrl}/_emulator/webhooks/idle?timeout_ms=120000`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  if (!idle.ok) throw new Error(`emulator webhooks did not settle: ${idle.status}`);

  const delivered = (await events(emulatorUrl, apiKey)).data.filter(
    (e) => !before.has(e.id) && AUTHORIZATION_EVENTS.has(e.type) && e.delivery,
  );
  const attempts = delivered.flatMap((e) => e.delivery!.attempts);
  const answered5xx = attempts.filter((a) => a.status !== null && a.status >= 500).length;
  const settled = await db.order.count({ where: { id: { in: started }, status: { in: ["PAID", "HELD"] } } });
  return {
    orders,
    paid,
    settled,
    deliveries: delivered.length,
    attempts: attempts.length,
    answered5xx,
    detail: `${paid}/${orders} paid, ${settled} orders PAID or HELD; ${delivered.length} authorization deliveries in ${attempts.length} attempts, ${answered5xx} answered 5xx`,
  };
}

async function events(emulatorUrl: string, apiKey: string): Promise<EmulatorEvents> {
  const res = await fetch(`${emulatorUrl}/_emulator/events`, { headers: { Authorization: `Bearer ${apiKey}` } });
  if (!res.ok) throw new Error(`emulator events: ${res.status}`);
  return (await res.json()) as EmulatorEvents;
}
