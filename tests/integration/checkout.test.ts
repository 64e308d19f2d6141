import { describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { DEFAULT_FREE_SHIPPING_MIN_CENTS, quote } from "@/lib/checkout/pricing";
import { startCheckout, type CheckoutContext } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { alertOnly, payOnHostedPage, startPayments, shopperCard, uniqueCard, uniqueEmail } from "../support/payments";
import { setProductStockOrPrice } from "../support/catalog";

const address = {
  email: "Shopper@Example.com",
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "London",
  postalCode: "n1 9gu",
  country: "GB",
};
// A new shopper per order, so the fraud rules that count cards per customer stay out of the way.
const shopper = () => ({ ...address, email: uniqueEmail() });
// What one line costs delivered to the British shopper by standard shipping (VAT is in the price).
const deliveredTotal = (unitPriceCents: number, quantity: number) =>
  quote({
    country: "GB",
    method: "standard",
    lines: [{ unitPriceCents, quantity }],
    freeShippingMinCents: DEFAULT_FREE_SHIPPING_MIN_CENTS,
  }).totalCents;

describe.each(providers())("checkout on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      // A British shopper paying with the emulator's US-issued test numbers: the fraud rules would
      // rightly hold these payments; this suite is about checkout itself.
      await alertOnly(db);
      return { pay: await startPayments(db) };
    },
    ({ pay }) => pay.close(),
  );
  const ctx = (cartToken: string | undefined): CheckoutContext => ({
    cartToken,
    userId: null,
    ip: "81.2.69.142",
    ipCountry: "GB",
    appUrl: "http://shop.test",
  });
  const product = (slug: string) => t.db.product.findUniqueOrThrow({ where: { slug } });
  const cartWith = async (slug: string, quantity: number) =>
    (await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: (await product(slug)).id, quantity }))
      .token;

  it("creates a pending order at database prices, reserves stock and authorizes then captures", async () => {
    const tee = await product("organic-cotton-tee");
    const token = await cartWith("organic-cotton-tee", 2);
    const started = await startCheckout(t.db, t.pay.stripe, ctx(token), {
      ...address,
      priceCents: 1,
      totalCents: 1,
      userId: "someone",
      status: "PAID",
    });
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId }, include: { items: true } });
    expect(order).toMatchObject({
      status: "PENDING_PAYMENT",
      userId: null,
      email: "shopper@example.com",
      shippingPostal: "N1 9GU",
      ipCountry: "GB",
    });
    expect(order.totalCents).toBe(deliveredTotal(tee.priceCents, 2));
    expect(order.items).toEqual([
      expect.objectContaining({ name: tee.name, sku: tee.sku, unitPriceCents: tee.priceCents, quantity: 2 }),
    ]);
    expect((await product("organic-cotton-tee")).stock).toBe(tee.stock - 2);

    const session = await t.pay.stripe.checkout.sessions.retrieve(order.checkoutSessionId!);
    expect(session.amount_total).toBe(order.totalCents);
    expect(session.metadata?.orderId).toBe(order.id);

    const card = uniqueCard();
    const page = await payOnHostedPage(started.redirectUrl, shopperCard(address, card));
    expect(page.status).toBe(303);
    await t.pay.settle();

    const paid = await t.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { payment: true } });
    expect(paid.status).toBe("PAID");
    expect(paid.payment).toMatchObject({
      cardBrand: "visa",
      cardLast4: card.slice(-4),
      cardCountry: "US",
      cardholderName: "Ada Lovelace",
      billingCountry: "GB",
      amountAuthorized: order.totalCents,
      amountCaptured: order.totalCents,
    });
    expect(paid.payment?.cardFingerprint).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const pi = await t.pay.stripe.paymentIntents.retrieve(paid.paymentIntentId!);
    expect(pi.capture_method).toBe("manual");
    expect(pi.status).toBe("succeeded");
    expect(await t.db.cartItem.count({ where: { cartId: order.cartId! } })).toBe(0);
    expect(t.pay.events.log.filter((e) => e.orderId === order.id)).toEqual([{ kind: "paid", orderId: order.id }]);
  });

  it("refuses bad details with a message per field and changes nothing", async () => {
    const token = await cartWith("stoneware-mug-set", 1);
    const [orders, stock] = [await t.db.order.count(), (await product("stoneware-mug-set")).stock];
    const error = await startCheckout(t.db, t.pay.stripe, ctx(token), {
      ...address,
      email: "not-an-email",
      city: "",
      country: "XX",
      postalCode: "<script>",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const fields = (error as AppError).fields;
    expect(fields.email).toMatch(/valid email/);
    expect(fields.postalCode).toMatch(/valid postal code/);
    expect(fields).toMatchObject({ city: "Enter your city.", country: "Choose a country we ship to." });
    expect(await t.db.order.count()).toBe(orders);
    expect((await product("stoneware-mug-set")).stock).toBe(stock);
  });

  it("refuses an empty, unknown or tampered cart", async () => {
    for (const token of [undefined, "nope", "A".repeat(43)]) {
      await expect(startCheckout(t.db, t.pay.stripe, ctx(token), shopper())).rejects.toThrow("Your cart is empty.");
    }
  });

  it("refuses a product made inactive after it was put in the cart, and keeps the stock", async () => {
    const token = await cartWith("linen-tea-towels", 1);
    await t.db.product.update({ where: { slug: "linen-tea-towels" }, data: { active: false } });
    const stock = (await product("linen-tea-towels")).stock;
    await expect(startCheckout(t.db, t.pay.stripe, ctx(token), shopper())).rejects.toThrow(/no longer available/);
    expect((await product("linen-tea-towels")).stock).toBe(stock);
    await t.db.product.update({ where: { slug: "linen-tea-towels" }, data: { active: true } });
  });

  it("charges the price at checkout, whatever the price was when the item was added", async () => {
    const token = await cartWith("desk-planner", 1);
    await setProductStockOrPrice(t.db, { slug: "desk-planner" }, { priceCents: 2500 });
    const started = await startCheckout(t.db, t.pay.stripe, ctx(token), shopper());
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId } });
    expect(order.totalCents).toBe(deliveredTotal(2500, 1));
    // A later catalog change does not touch what the shopper is paying.
    await setProductStockOrPrice(t.db, { slug: "desk-planner" }, { priceCents: 9900 });
    await payOnHostedPage(started.redirectUrl, shopperCard(address, uniqueCard()));
    await t.pay.settle();
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "PAID",
      totalCents: deliveredTotal(2500, 1),
    });
  });

  it("a declined card leaves the order payable and the cart intact", async () => {
    const token = await cartWith("cast-iron-skillet", 1);
    const started = await startCheckout(t.db, t.pay.stripe, ctx(token), shopper());
    const declined = await payOnHostedPage(started.redirectUrl, shopperCard(address, "4000000000000002"));
    expect(declined.status).toBe(402);
    expect(declined.html).toContain("Your card was declined.");
    expect(declined.html).not.toContain("4000000000000002");
    await t.pay.settle();
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId } });
    expect(order.status).toBe("PENDING_PAYMENT");
    expect(await t.db.cartItem.count({ where: { cartId: order.cartId! } })).toBe(1);

    await payOnHostedPage(started.redirectUrl, shopperCard(address, uniqueCard()));
    await t.pay.settle();
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PAID");
  });

  it("an abandoned checkout releases the stock once and keeps the cart", async () => {
    const before = (await product("camping-hammock")).stock;
    const token = await cartWith("camping-hammock", 2);
    const started = await startCheckout(t.db, t.pay.stripe, ctx(token), shopper());
    expect((await product("camping-hammock")).stock).toBe(before - 2);
    expect(await cancelCheckout(t.db, t.pay.stripe, started.orderId)).toBe(true);
    expect(await cancelCheckout(t.db, t.pay.stripe, started.orderId)).toBe(false);
    await t.pay.settle();
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId } });
    expect(order.status).toBe("EXPIRED");
    expect((await product("camping-hammock")).stock).toBe(before);
    expect(await t.db.cartItem.count({ where: { cartId: order.cartId! } })).toBe(1);
    const late = await payOnHostedPage(started.redirectUrl, shopperCard(address, uniqueCard()));
    expect(late.status).not.toBe(303);
  });

  it("a session that expires at the provider releases the stock", async () => {
    const before = (await product("headlamp")).stock;
    const started = await startCheckout(t.db, t.pay.stripe, ctx(await cartWith("headlamp", 1)), shopper());
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId } });
    await t.pay.stripe.checkout.sessions.expire(order.checkoutSessionId!);
    await t.pay.settle();
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("EXPIRED");
    expect((await product("headlamp")).stock).toBe(before);
  });

  it("does not capture when the authorized amount does not match the order", async () => {
    const started = await startCheckout(t.db, t.pay.stripe, ctx(await cartWith("fountain-pen", 1)), shopper());
    await t.db.order.update({ where: { id: started.orderId }, data: { totalCents: 1 } });
    await payOnHostedPage(started.redirectUrl, shopperCard(address, uniqueCard()));
    await t.pay.settle();
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId }, include: { payment: true } });
    expect(order.status).toBe("PENDING_PAYMENT");
    expect(order.payment).toBeNull();
    expect(t.pay.events.log).toContainEqual(expect.objectContaining({ kind: "mismatch", orderId: order.id }));
  });

  it("50 concurrent checkouts for the last 10 units make exactly 10 paid orders and stock 0", async () => {
    const target = await setProductStockOrPrice(t.db, { slug: "portable-speaker" }, { stock: 10 });
    const tokens = await Promise.all(
      Array.from({ length: 50 }, () =>
        addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: target.id, quantity: 1 }).then(
          (r) => r.token,
        ),
      ),
    );
    // Fifty different shoppers (each their own email and card), so only stock decides who gets one.
    const results = await Promise.allSettled(
      tokens.map((token) => startCheckout(t.db, t.pay.stripe, ctx(token), { ...address, email: uniqueEmail() })),
    );
    const started = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as AppError] : []));
    expect(refused.filter((e) => !(e instanceof AppError && e.code === "CONFLICT")).map(String)).toEqual([]);
    expect(started).toHaveLength(10);
    expect((await product("portable-speaker")).stock).toBe(0);

    await Promise.all(started.map((s) => payOnHostedPage(s.redirectUrl, shopperCard(address, uniqueCard()))));
    await t.pay.settle();
    const orders = await t.db.order.findMany({ where: { items: { some: { productId: target.id } } } });
    expect(orders.filter((o) => o.status === "PAID")).toHaveLength(10);
    expect(orders).toHaveLength(10);
    expect((await product("portable-speaker")).stock).toBe(0);
  });
});
