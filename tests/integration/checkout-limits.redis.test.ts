import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { createCheckoutLimits, type CheckoutLimits } from "@/lib/checkout/start-limits";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { createLimiterStore, type LimiterStore } from "@/lib/rate-limit";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { startPayments, uniqueEmail } from "../support/payments";

// Two store instances sharing one Redis (TEST_REDIS_URL; vitest.config.ts leaves this file out
// when it is unset): a limit reached through one instance refuses the client on the other.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "";
const RUN_PREFIX = `test-checkout-rl-${randomUUID()}`;
const address = {
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "London",
  postalCode: "N1 9GU",
  country: "GB",
};
const roomy = { points: 1_000, durationSec: 900 };

let admin: Redis;
const stores: LimiterStore[] = [];
const keysUnder = async (prefix: string) => (await admin.keys(`${prefix}*`)).sort();

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  expect(await admin.ping()).toBe("PONG");
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  const keys = await keysUnder(RUN_PREFIX);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

/** Two instances' limits on one Redis namespace. */
function twoInstances(keyPrefix: string): [CheckoutLimits, CheckoutLimits] {
  const make = () => {
    const store = createLimiterStore({ redisUrl: REDIS_URL, keyPrefix });
    stores.push(store);
    return createCheckoutLimits(store, {
      address: { points: 2, durationSec: 900 },
      network: roomy,
      cart: roomy,
      email: { points: 3, durationSec: 3600 },
      account: roomy,
      store: roomy,
    });
  };
  return [make(), make()];
}

describe.each(providers())("checkout start limits shared through Redis, on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      return { pay: await startPayments(db) };
    },
    ({ pay }) => pay.close(),
  );
  const newCart = async () => {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "stoneware-mug-set" } });
    return (await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: product.id, quantity: 1 }))
      .token;
  };
  const start = async (limits: CheckoutLimits, ip: string, email = uniqueEmail()) =>
    startCheckout(
      t.db,
      t.pay.stripe,
      { cartToken: await newCart(), userId: null, ip, ipCountry: "GB", appUrl: "http://shop.test", limits },
      { ...address, email },
    );

  it("refuses on one instance what the other already counted, creating nothing", async () => {
    const prefix = `${RUN_PREFIX}:${provider}`;
    const [a, b] = twoInstances(prefix);
    await start(a, "81.2.69.142");
    await start(b, "81.2.69.142");
    const orders = await t.db.order.count();
    const sessions = (await t.pay.stripe.checkout.sessions.list({ limit: 100 })).data.length;
    for (const limits of [a, b]) {
      const error = await start(limits, "81.2.69.142").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("RATE_LIMITED");
    }
    expect(await t.db.order.count()).toBe(orders);
    expect((await t.pay.stripe.checkout.sessions.list({ limit: 100 })).data.length).toBe(sessions);

    // The email limit is shared the same way, across addresses.
    const email = uniqueEmail("shared");
    await start(a, "192.0.2.1", email);
    await start(b, "192.0.2.2", `${email.toUpperCase()}`);
    await start(a, "192.0.2.3", email);
    await expect(start(b, "192.0.2.4", email)).rejects.toMatchObject({ code: "RATE_LIMITED" });

    // Neither the address nor the email is stored in Redis in plain text.
    const keys = await keysUnder(prefix);
    expect(keys.some((k) => k.startsWith(`${prefix}:checkout-address:`))).toBe(true);
    expect(keys.join("\n")).not.toMatch(/81\.2\.69|example\.com|shared/);
  });
});
