import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getPaymentPage,
  payNewSession,
  sessionParams,
  startTestEmulator,
  submitPaymentForm,
  validCard,
  type TestEmulator,
} from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

const newSession = (overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  t.stripe.checkout.sessions.create(sessionParams(overrides));

describe("hosted payment page: rendering", () => {
  it("is an accessible, self-contained page with the order, a labelled form and its own CSP", async () => {
    const session = await newSession({
      billing_address_collection: "required",
    });
    const page = await getPaymentPage(session.url ?? "");
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' http://shop.test");
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(page.html).toContain(`<style nonce="${nonce}">`);
    expect(page.html).toMatch(/<html lang="en">/);
    expect(page.html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page.html).not.toMatch(/<script|<link|src=|https?:\/\/(?!shop\.test)/);
    // Line items (escaped) and total.
    expect(page.html).toContain("Ceramic mug");
    expect(page.html).toContain("Tea &lt;sampler&gt;");
    expect(page.html).toContain("$30.00");
    // Every input and select has a label pointing at it.
    const ids = [...page.html.matchAll(/<(?:input|select) id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(
      expect.arrayContaining([
        "email",
        "card-number",
        "card-expiry",
        "card-cvc",
        "cardholder-name",
        "address-line1",
        "address-city",
        "address-postal-code",
        "address-country",
      ]),
    );
    for (const id of ids) expect(page.html).toContain(`<label for="${id}">`);
    expect(page.html).toContain('value="shopper@example.com"');
    expect(page.html.match(/<option value="[A-Z]{2}"/g)?.length).toBeGreaterThanOrEqual(20);
    expect(page.html).toContain(":focus-visible{outline:3px solid");
    expect(page.html).toMatch(/<button type="submit">Pay \$30\.00<\/button>/);
    expect(page.html).toContain('<a href="http://shop.test/cart">Cancel and return to the store</a>');
  });

  it("shows a clear page instead of the form for unknown, expired and completed sessions", async () => {
    const missing = await getPaymentPage(`${t.emulator.url}/c/pay/cs_test_missing`);
    expect(missing.status).toBe(404);

    const expired = await newSession();
    await t.stripe.checkout.sessions.expire(expired.id);
    const expiredPage = await getPaymentPage(expired.url ?? "");
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.html).toContain("This checkout has expired");
    expect(expiredPage.html).not.toContain('name="card_number"');

    const { sessionId } = await payNewSession(t.stripe, "4242424242424242");
    const paid = await getPaymentPage(`${t.emulator.url}/c/pay/${sessionId}`);
    expect(paid.html).toContain("This payment is complete");
    expect(paid.html).not.toContain('name="card_number"');
  });
});

describe("hosted payment page: invalid input", () => {
  it("rejects a number failing Luhn and an expired date without creating any payment, keeping safe fields", async () => {
    const session = await newSession();
    const badNumber = "4242424242424241";
    const page = await submitPaymentForm(
      session.url ?? "",
      validCard(badNumber, { card_expiry: "01 / 20", card_cvc: "987" }),
    );
    expect(page.status).toBe(400);
    expect(page.html).toContain('role="alert"');
    expect(page.html).toContain("Your card number is invalid.");
    expect(page.html).toContain("Your card&#39;s expiration date is in the past.");
    expect(page.html).toContain('aria-invalid="true"');
    expect(page.html).toContain('value="1 Analytical Way"');
    expect(page.html).not.toContain(badNumber);
    expect(page.html).not.toContain("987");
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).payment_intent).toBeNull();
  });

  it("never puts the typed card number or CVC back into the page, even spaced", async () => {
    const session = await newSession();
    const page = await submitPaymentForm(session.url ?? "", validCard("4000 0000 0000 9995", { card_cvc: "7319" }));
    expect(page.status).toBe(402);
    // Random ids and the CSP nonce aside, no run of digits on the page may be the CVC.
    const digits = page.html.replace(/cs_test_\w+|nonce="[^"]+"/g, "").replace(/\D/g, " ");
    expect(page.html).not.toMatch(/4000[\s-]?0000[\s-]?0000[\s-]?9995/);
    expect(digits).not.toContain("7319");
    expect(page.html).toMatch(/<input id="card-number" name="card_number" [^>]*>/);
    expect(page.html).not.toMatch(/<input id="card-number"[^>]*value=/);
    expect(page.html).not.toMatch(/<input id="card-cvc"[^>]*value=/);
  });
});
