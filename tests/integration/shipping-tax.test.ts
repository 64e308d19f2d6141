import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout, type CheckoutContext } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { refundOrder, type RefundOptions } from "@/lib/payments/refunds";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { alertOnly, payOnHostedPage, shopperCard, startPayments, uniqueCard, uniqueEmail } from "../support/payments";
import { createStaff, testKeyring } from "./admin-helpers";

// Shipping methods and tax per destination (lib/checkout/pricing.ts) from the cart to the order,
// Stripe's session (through the official SDK against the emulator) and refunds. The amounts are
// written out: USB-C Charger 49.00, Insulated Bottle 32.00, Chef's Knife 115.00; US sales tax
// 7.25 % added, German VAT 19 % included; standard shipping free from 100.00.

const us = { name: "Grace Hopper", line1: "2 Compiler Rd", city: "Arlington", postalCode: "22201", country: "US" };
const de = { name: "Emmy Noether", line1: "Bunsenstraße 3", city: "Göttingen", postalCode: "37073", country: "DE" };
const oneStep: RefundOptions = { dualControlCents: 0 };

describe.each(providers())("shipping and tax on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      // The emulator's test cards are US-issued: a German shopper's payment would rightly be held.
      await alertOnly(db);
      const pay = await startPayments(db);
      Object.assign(pay.events, {
        refunded: async () => {},
        alertDeps: { send: async () => {}, fetch, env: { APP_URL: "http://shop.test" } },
      });
      return { pay, admin: await createStaff(db, testKeyring(), "ADMIN") };
    },
    ({ pay }) => pay.close(),
  );
  const ctx = (cartToken: string): CheckoutContext => ({
    cartToken,
    userId: null,
    ip: null,
    ipCountry: null,
    appUrl: "http://shop.test",
    freeShippingMinCents: 10_000,
  });

  async function checkout(slug: string, quantity: number, address: typeof us, shippingMethod?: string) {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity,
    });
    const started = await startCheckout(t.db, t.pay.stripe, ctx(token), {
      ...address,
      email: uniqueEmail("tax"),
      ...(shippingMethod ? { shippingMethod } : {}),
    });
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId }, include: { items: true } });
    return { started, order, address };
  }
  async function paid(slug: string, quantity: number, address: typeof us, shippingMethod?: string) {
    const { started, order } = await checkout(slug, quantity, address, shippingMethod);
    await payOnHostedPage(started.redirectUrl, shopperCard(address, uniqueCard()));
    await t.pay.settle();
    const done = await t.db.order.findUniqueOrThrow({
      where: { id: order.id },
      include: { items: true, payment: true },
    });
    expect(done.status).toBe("PAID");
    return done;
  }
  const session = (id: string) => t.pay.stripe.checkout.sessions.retrieve(id, { expand: ["line_items"] });

  it("a US order adds sales tax per line and standard shipping; Stripe's session carries both and the same total", async () => {
    const { order } = await checkout("usb-c-charger", 2, us);
    expect(order).toMatchObject({
      subtotalCents: 9800,
      shippingMethod: "standard",
      shippingCents: 500,
      taxCents: 711,
      taxInclusive: false,
      taxBps: 725,
      taxLabel: "Sales tax",
      totalCents: 11011,
    });
    expect(order.items[0]).toMatchObject({ unitPriceCents: 4900, quantity: 2, taxCents: 711 });

    const s = await session(order.checkoutSessionId!);
    expect(s.amount_total).toBe(11011);
    expect(s.amount_subtotal).toBe(9800);
    expect(s.total_details).toMatchObject({ amount_shipping: 500, amount_tax: 711 });
    expect(s.shipping_cost).toMatchObject({ amount_subtotal: 500, amount_total: 500 });
    expect(s.shipping_options).toHaveLength(1);
    const rate = await t.pay.stripe.shippingRates.retrieve(s.shipping_cost!.shipping_rate as string);
    expect(rate).toMatchObject({
      display_name: "Standard shipping",
      fixed_amount: { amount: 500, currency: "usd" },
      delivery_estimate: { minimum: { unit: "business_day", value: 3 }, maximum: { unit: "business_day", value: 5 } },
    });
    const line = s.line_items!.data[0]!;
    expect(line).toMatchObject({ amount_subtotal: 9800, amount_tax: 711, amount_total: 10511 });
    const tax = line.taxes![0]!;
    expect(tax.amount).toBe(711);
    expect(tax.rate).toMatchObject({
      percentage: 7.25,
      inclusive: false,
      country: "US",
      display_name: "Sales tax",
      tax_type: "sales_tax",
    });
  });

  it("express costs more, a German order includes VAT in its prices, and standard shipping is free from the threshold", async () => {
    const { order: express } = await checkout("chef-knife", 1, de, "express");
    // 115.00 includes 19 % VAT: 115.00 − 115.00 / 1.19 = 18.36; the total is the price plus shipping.
    expect(express).toMatchObject({
      subtotalCents: 11500,
      shippingMethod: "express",
      shippingCents: 3500,
      taxCents: 1836,
      taxInclusive: true,
      taxBps: 1900,
      taxLabel: "VAT",
      totalCents: 15000,
    });
    const s = await session(express.checkoutSessionId!);
    expect(s.amount_total).toBe(15000);
    expect(s.total_details).toMatchObject({ amount_shipping: 3500, amount_tax: 1836 });
    expect(s.line_items!.data[0]).toMatchObject({ amount_subtotal: 11500, amount_tax: 1836, amount_total: 11500 });
    expect(s.line_items!.data[0]!.taxes![0]!.rate).toMatchObject({ percentage: 19, inclusive: true, country: "DE" });

    const { order: standard } = await checkout("chef-knife", 1, de);
    expect(standard).toMatchObject({ shippingMethod: "standard", shippingCents: 0, totalCents: 11500 });
    expect((await session(standard.checkoutSessionId!)).shipping_cost).toMatchObject({ amount_total: 0 });
    // Below the threshold the same zone pays for standard shipping.
    expect((await checkout("insulated-bottle", 1, de)).order).toMatchObject({
      shippingCents: 1500,
      taxCents: 511,
      totalCents: 4700,
    });
  });

  it("each rate is one TaxRate at Stripe, found again rather than created twice", async () => {
    await checkout("dot-grid-notebook", 1, us);
    const rates: Stripe.TaxRate[] = [];
    for await (const rate of t.pay.stripe.taxRates.list({ active: true })) rates.push(rate);
    const keys = rates.map((r) => r.metadata?.store_key).sort();
    expect(keys).toEqual(["DE:1900:inclusive", "US:725:exclusive"]);
  });

  it("refuses a shipping method it does not offer, and creates nothing", async () => {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "desk-planner" } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity: 1,
    });
    const before = await t.db.order.count();
    const error = await startCheckout(t.db, t.pay.stripe, ctx(token), {
      ...us,
      email: uniqueEmail(),
      shippingMethod: "teleport",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields.shippingMethod).toBe("Choose a shipping method.");
    expect(await t.db.order.count()).toBe(before);
  });

  it("refunds split added tax by line (exactly the line's tax in the end) and refund the shipping once", async () => {
    // 3 × 32.00 = 96.00, tax 6.96, shipping 5.00: 107.96 paid.
    const order = await paid("insulated-bottle", 3, us);
    expect(order).toMatchObject({ taxCents: 696, shippingCents: 500, totalCents: 10796 });
    const line = order.items[0]!.id;
    const one = await refundOrder(
      t.db,
      t.pay.stripe,
      t.admin.actor,
      { orderId: order.id, reason: "one broke", lines: [{ orderItemId: line, quantity: 1 }] },
      oneStep,
    );
    expect(one.amountCents).toBe(3200 + 232);
    const rest = await refundOrder(
      t.db,
      t.pay.stripe,
      t.admin.actor,
      { orderId: order.id, reason: "returned", lines: [{ orderItemId: line, quantity: 2 }], shipping: true },
      oneStep,
    );
    expect(rest.amountCents).toBe(6400 + 464 + 500);
    await t.pay.settle();
    const refunds = await t.db.refund.findMany({ where: { orderId: order.id }, orderBy: { createdAt: "asc" } });
    expect(refunds.map((r) => [r.amountCents, r.taxCents, r.shippingCents, r.status])).toEqual([
      [3432, 232, 0, "SUCCEEDED"],
      [7364, 464, 500, "SUCCEEDED"],
    ]);
    const after = await t.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { payment: true } });
    expect(after.status).toBe("REFUNDED");
    expect(after.payment).toMatchObject({ amountCaptured: 10796, amountRefunded: 10796 });
  });

  it("included VAT stays inside a line's refund; the shipping is refunded once; an amount carries its share of tax", async () => {
    // 2 × 49.00 with 19 % VAT inside (15.65), standard shipping 15.00: 113.00 paid.
    const order = await paid("usb-c-charger", 2, de);
    expect(order).toMatchObject({ taxCents: 1565, shippingCents: 1500, totalCents: 11300 });
    const line = order.items[0]!.id;
    const first = await refundOrder(
      t.db,
      t.pay.stripe,
      t.admin.actor,
      { orderId: order.id, reason: "changed mind", lines: [{ orderItemId: line, quantity: 1 }], shipping: true },
      oneStep,
    );
    expect(first.amountCents).toBe(4900 + 1500);
    const again = await refundOrder(
      t.db,
      t.pay.stripe,
      t.admin.actor,
      { orderId: order.id, reason: "again", lines: [], shipping: true },
      oneStep,
    ).catch((e: unknown) => e);
    expect((again as AppError).fields.shipping).toBe("The shipping has already been refunded.");
    // 10.00 of the 113.00 is in the order's proportion of VAT: 10.00 × 15.65 / 113.00 = 1.38.
    await refundOrder(
      t.db,
      t.pay.stripe,
      t.admin.actor,
      { orderId: order.id, reason: "goodwill", amountCents: 1000 },
      oneStep,
    );
    await t.pay.settle();
    const refunds = await t.db.refund.findMany({ where: { orderId: order.id }, orderBy: { createdAt: "asc" } });
    expect(refunds.map((r) => [r.amountCents, r.taxCents, r.shippingCents])).toEqual([
      [6400, 783, 1500],
      [1000, 138, 0],
    ]);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PARTIALLY_REFUNDED");
  });
});
