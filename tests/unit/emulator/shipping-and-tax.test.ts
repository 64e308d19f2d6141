import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPaymentPage, payNewSession, sessionParams, startTestEmulator, type TestEmulator } from "./helpers";

// Shipping options and manual tax rates on Checkout Sessions, as the official SDK sees them.
let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

const withRates = (taxRate: string): Partial<Stripe.Checkout.SessionCreateParams> => ({
  line_items: sessionParams().line_items!.map((item) => ({ ...item, tax_rates: [taxRate] })),
  shipping_options: [
    {
      shipping_rate_data: {
        type: "fixed_amount",
        display_name: "Express shipping",
        fixed_amount: { amount: 1500, currency: "usd" },
        delivery_estimate: { minimum: { unit: "business_day", value: 1 }, maximum: { unit: "business_day", value: 2 } },
      },
    },
    {
      shipping_rate_data: {
        type: "fixed_amount",
        display_name: "Standard shipping",
        fixed_amount: { amount: 500, currency: "usd" },
      },
    },
  ],
});

describe("shipping options and tax rates", () => {
  it("adds an exclusive rate's tax per line and the first shipping option to the total", async () => {
    const rate = await t.stripe.taxRates.create({
      display_name: "Sales tax",
      percentage: 7.25,
      inclusive: false,
      country: "US",
      tax_type: "sales_tax",
    });
    expect(rate).toMatchObject({
      object: "tax_rate",
      active: true,
      percentage: 7.25,
      inclusive: false,
      country: "US",
      rate_type: "percentage",
    });
    const session = await t.stripe.checkout.sessions.create(sessionParams(withRates(rate.id)));
    // Lines 25.00 and 5.00: tax 1.81 (1.8125) and 0.36 (0.3625), each rounded; express 15.00.
    expect(session).toMatchObject({
      amount_subtotal: 3000,
      amount_total: 3000 + 181 + 36 + 1500,
      total_details: { amount_shipping: 1500, amount_tax: 217, amount_discount: 0 },
    });
    expect(session.shipping_cost).toMatchObject({ amount_subtotal: 1500, amount_tax: 0, amount_total: 1500 });
    expect(session.shipping_options.map((o) => o.shipping_amount)).toEqual([1500, 500]);
    const shipping = await t.stripe.shippingRates.retrieve(session.shipping_cost!.shipping_rate as string);
    expect(shipping).toMatchObject({
      object: "shipping_rate",
      display_name: "Express shipping",
      fixed_amount: { amount: 1500, currency: "usd" },
      delivery_estimate: { minimum: { unit: "business_day", value: 1 } },
    });

    const lines = await t.stripe.checkout.sessions.listLineItems(session.id);
    expect(lines.data.map((l) => [l.amount_subtotal, l.amount_tax, l.amount_total])).toEqual([
      [2500, 181, 2681],
      [500, 36, 536],
    ]);
    expect(lines.data[0]!.taxes![0]!.rate).toMatchObject({ id: rate.id, percentage: 7.25 });

    // The shopper pays the session's total; the hosted page lists shipping and tax.
    const page = await getPaymentPage(session.url!);
    expect(page.html).toContain("Express shipping");
    expect(page.html).toContain("Sales tax");
    expect(page.html).toContain("$47.17");
  });

  it("keeps an inclusive rate's tax inside the line amount", async () => {
    const vat = await t.stripe.taxRates.create({
      display_name: "VAT",
      percentage: 19,
      inclusive: true,
      country: "DE",
      tax_type: "vat",
    });
    const { sessionId } = await payNewSession(t.stripe, "4242424242424242", withRates(vat.id));
    const session = await t.stripe.checkout.sessions.retrieve(sessionId, { expand: ["payment_intent"] });
    // 25.00 − 25.00 / 1.19 = 3.99; 5.00 − 5.00 / 1.19 = 0.80. The total is prices plus shipping.
    expect(session).toMatchObject({ amount_total: 4500, total_details: { amount_tax: 479, amount_shipping: 1500 } });
    expect((session.payment_intent as Stripe.PaymentIntent).amount).toBe(4500);
  });

  it("finds tax rates in the list, refuses unknown or inactive ones and a shipping rate in another currency", async () => {
    const inactive = await t.stripe.taxRates.create({
      display_name: "Old VAT",
      percentage: 16,
      inclusive: true,
      active: false,
    });
    const listed = await t.stripe.taxRates.list({ active: false });
    expect(listed.data.map((r) => r.id)).toContain(inactive.id);
    expect((await t.stripe.taxRates.list({ active: true })).data.map((r) => r.id)).not.toContain(inactive.id);
    await expect(t.stripe.checkout.sessions.create(sessionParams(withRates("txr_missing")))).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      param: "line_items[0][tax_rates][0]",
    });
    await expect(t.stripe.checkout.sessions.create(sessionParams(withRates(inactive.id)))).rejects.toThrow(/inactive/);
    await expect(
      t.stripe.checkout.sessions.create(
        sessionParams({
          shipping_options: [
            {
              shipping_rate_data: {
                type: "fixed_amount",
                display_name: "Far",
                fixed_amount: { amount: 500, currency: "eur" },
              },
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ param: "shipping_options[0][shipping_rate_data][fixed_amount][currency]" });
    await expect(
      t.stripe.taxRates.create({ display_name: "Bad", percentage: 101, inclusive: false }),
    ).rejects.toMatchObject({ param: "percentage" });
  });
});
