import { describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout, type CheckoutContext } from "@/lib/checkout/start-checkout";
import {
  CHECKOUT_LIMIT_DEFAULTS,
  createCheckoutLimits,
  type CheckoutLimits,
  type CheckoutLimitSettings,
} from "@/lib/checkout/start-limits";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { createLimiterStore } from "@/lib/rate-limit";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { startPayments, uniqueEmail } from "../support/payments";

const address = {
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "London",
  postalCode: "N1 9GU",
  country: "GB",
};
const roomy = { points: 1_000, durationSec: 900 };
/** Every limit out of the way except the ones a test sets. */
const only = (settings: Partial<CheckoutLimitSettings>): CheckoutLimits =>
  createCheckoutLimits(createLimiterStore({ keyPrefix: "test:rl" }), {
    address: roomy,
    network: roomy,
    cart: roomy,
    email: roomy,
    account: roomy,
    store: roomy,
    ...settings,
  });

let ipCounter = 0;
/** An address in a /24 of its own. */
const freshIp = () => `10.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}.7`;

describe.each(providers())("checkout start limits on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      return { pay: await startPayments(db) };
    },
    ({ pay }) => pay.close(),
  );
  const product = () => t.db.product.findUniqueOrThrow({ where: { slug: "stoneware-mug-set" } });
  const newCart = async () =>
    (await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: (await product()).id, quantity: 1 }))
      .token;
  const ctx = (limits: CheckoutLimits, over: Partial<CheckoutContext> = {}): CheckoutContext => ({
    cartToken: undefined,
    userId: null,
    ip: freshIp(),
    ipCountry: "GB",
    appUrl: "http://shop.test",
    limits,
    ...over,
  });
  const start = async (limits: CheckoutLimits, over: Partial<CheckoutContext> = {}, email = uniqueEmail()) =>
    startCheckout(t.db, t.pay.stripe, ctx(limits, { cartToken: await newCart(), ...over }), { ...address, email });
  const snapshot = async () => ({
    orders: await t.db.order.count(),
    stock: (await product()).stock,
    sessions: (await t.pay.stripe.checkout.sessions.list({ limit: 100 })).data.length,
  });
  /** Runs a start that must be refused, and checks it created nothing anywhere. */
  const refused = async (run: () => Promise<unknown>): Promise<AppError> => {
    const before = await snapshot();
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("RATE_LIMITED");
    expect((error as AppError).status).toBe(429);
    expect(await snapshot()).toEqual(before);
    return error as AppError;
  };

  it("limits one address, and tells the shopper when to try again", async () => {
    const limits = only({ address: { points: 2, durationSec: 900 } });
    const ip = "81.2.69.142";
    await start(limits, { ip });
    await start(limits, { ip });
    const error = await refused(() => start(limits, { ip }));
    expect(error.message).toBe("Too many checkout attempts. Your cart is saved; please wait 15 minutes and try again.");
    // The same address written another way is the same client.
    await refused(() => start(limits, { ip: "::ffff:81.2.69.142" }));
    await start(limits, { ip: "81.2.70.142" });
  });

  it("limits an IPv4 /24 and an IPv6 /64 across their addresses", async () => {
    const limits = only({ network: { points: 3, durationSec: 900 } });
    for (const ip of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) await start(limits, { ip });
    await refused(() => start(limits, { ip: "198.51.100.254" }));
    await start(limits, { ip: "198.51.101.1" });

    for (const ip of ["2001:db8:5:6::1", "2001:db8:5:6:aaaa::2", "2001:db8:5:6:ffff:ffff:ffff:fffe"])
      await start(limits, { ip });
    await refused(() => start(limits, { ip: "2001:db8:5:6::9" }));
    await start(limits, { ip: "2001:db8:5:7::1" });
  });

  it("limits one cart cookie whatever the address and email", async () => {
    const limits = only({ cart: { points: 2, durationSec: 900 } });
    const cartToken = await newCart();
    await start(limits, { cartToken });
    await start(limits, { cartToken });
    await refused(() => start(limits, { cartToken }));
    await start(limits);
  });

  it("limits one normalized email: case, +tags and Gmail dots are the same inbox", async () => {
    const limits = only({ email: { points: 2, durationSec: 3_600 } });
    await start(limits, {}, "Card.Tester+1@gmail.com");
    await start(limits, {}, "cardtester+2@googlemail.com");
    const error = await refused(() => start(limits, {}, "CARDTESTER@GMAIL.COM"));
    expect(error.message).toMatch(/please wait 1 hour and try again\./);
    await start(limits, {}, "someone.else@gmail.com");
  });

  it("has a store-wide ceiling that refused clients cannot use up", async () => {
    const limits = only({ address: { points: 1, durationSec: 900 }, store: { points: 3, durationSec: 60 } });
    await start(limits, { ip: "203.0.113.9" });
    // A client over its own limit is refused by that limit, and takes nothing from the store's budget.
    for (let i = 0; i < 5; i++) await refused(() => start(limits, { ip: "203.0.113.9" }));
    await start(limits);
    await start(limits);
    const error = await refused(() => start(limits));
    expect(error.message).toBe(
      "We are receiving an unusually high number of checkouts right now. Your cart is saved; please try again in a minute.",
    );
  });

  it("counts refused starts too, so a bot cannot keep retrying at the edge", async () => {
    const limits = only({ address: { points: 1, durationSec: 900 }, email: { points: 3, durationSec: 3_600 } });
    const email = uniqueEmail("edge");
    await start(limits, {}, email);
    const ip = freshIp();
    await start(limits, { ip }, email);
    await refused(() => start(limits, { ip }, email)); // the address refuses; the email still counts
    await refused(() => start(limits, {}, email)); // now the email is used up as well
  });

  it("checks the details first: a form with errors is not counted and names its fields", async () => {
    const limits = only({ address: { points: 1, durationSec: 900 } });
    const ip = freshIp();
    const bad = await startCheckout(t.db, t.pay.stripe, ctx(limits, { ip, cartToken: await newCart() }), {
      ...address,
      email: "nope",
    }).catch((e: unknown) => e);
    expect((bad as AppError).code).toBe("VALIDATION");
    await start(limits, { ip });
  });

  it("ships defaults a shopper never meets", async () => {
    const limits = createCheckoutLimits(createLimiterStore({ keyPrefix: "test:rl" }));
    expect(limits.settings).toEqual(CHECKOUT_LIMIT_DEFAULTS);
    // A shopper who mistypes the card five times and signs in halfway, from one address and cart.
    const cartToken = await newCart();
    const email = uniqueEmail("patient");
    for (let i = 0; i < 6; i++) await start(limits, { ip: "81.2.69.200", cartToken }, email);
  });
});
