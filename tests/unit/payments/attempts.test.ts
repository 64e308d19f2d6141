import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ATTEMPT_OUTCOMES, canBecome, isAttemptOutcome, outcomeOfError } from "@/lib/payments/attempts";
import { declinedAttempt, intentAttempt } from "@/lib/payments/record-attempt";

describe("attempt outcomes", () => {
  it("only lets an authorization become canceled; declines, failures and cancellations are final", () => {
    const moves = ATTEMPT_OUTCOMES.flatMap((from) =>
      ATTEMPT_OUTCOMES.filter((to) => canBecome(from, to)).map((to) => `${from}→${to}`),
    );
    expect(moves).toEqual(["AUTHORIZED→CANCELED"]);
  });

  it("tells a card decline from a failure that says nothing about the card", () => {
    expect(outcomeOfError({ type: "card_error", code: "card_declined" })).toBe("DECLINED");
    expect(outcomeOfError({ type: "card_error", code: "incorrect_cvc" })).toBe("DECLINED");
    expect(outcomeOfError({ type: "card_error", code: "processing_error" })).toBe("FAILED");
    expect(outcomeOfError({ type: "api_error", code: null })).toBe("FAILED");
  });

  it("recognizes only the listed outcomes", () => {
    expect(isAttemptOutcome("DECLINED")).toBe(true);
    expect(isAttemptOutcome("declined")).toBe(false);
  });
});

// Minimal Stripe objects: only the fields the extractors read.
const intent = (fields: Partial<Stripe.PaymentIntent>) =>
  ({
    id: "pi_1",
    created: 1_700_000_000,
    metadata: { orderId: "o1" },
    payment_method: null,
    latest_charge: null,
    last_payment_error: null,
    canceled_at: null,
    status: "requires_payment_method",
    ...fields,
  }) as Stripe.PaymentIntent;

describe("reading attempts from Stripe objects", () => {
  it("a decline comes from the event's error and the PaymentMethod it names", () => {
    const pi = intent({
      last_payment_error: {
        type: "card_error",
        code: "card_declined",
        decline_code: "stolen_card",
        charge: "ch_1",
        payment_method: {
          id: "pm_1",
          card: {
            brand: "visa",
            last4: "9979",
            country: "US",
            fingerprint: "fp",
            checks: { cvc_check: "pass", address_line1_check: null, address_postal_code_check: "fail" },
          },
        } as Stripe.PaymentMethod,
      },
    });
    expect(declinedAttempt(pi, 1_700_000_100)).toEqual({
      attemptKey: "ch_1",
      paymentIntentId: "pi_1",
      chargeId: "ch_1",
      outcome: "DECLINED",
      errorCode: "card_declined",
      declineCode: "stolen_card",
      cardFingerprint: "fp",
      cardBrand: "visa",
      cardLast4: "9979",
      cardCountry: "US",
      cvcCheck: "pass",
      addressLine1Check: null,
      postalCodeCheck: "fail",
      threeDSecure: null,
      attemptedAt: new Date(1_700_000_100_000),
    });
    expect(declinedAttempt(intent({}), 1)).toBeNull();
  });

  it("an authorization reads the charge, including a 3-D Secure result when there is one", () => {
    const charge = {
      id: "ch_2",
      created: 1_700_000_200,
      payment_method_details: {
        card: {
          brand: "visa",
          last4: "4242",
          country: "GB",
          fingerprint: "fp2",
          checks: { cvc_check: "pass", address_line1_check: "pass", address_postal_code_check: "pass" },
          three_d_secure: { result: "authenticated" },
        },
      },
    } as Stripe.Charge;
    const attempt = intentAttempt(
      intent({ status: "requires_capture", payment_method: "pm_2", latest_charge: charge }),
    );
    expect(attempt).toMatchObject({
      attemptKey: "ch_2",
      outcome: "AUTHORIZED",
      cardLast4: "4242",
      cardCountry: "GB",
      threeDSecure: "authenticated",
      attemptedAt: new Date(1_700_000_200_000),
    });
  });

  it("a PaymentIntent canceled with no authorized card is one attempt keyed by itself; one still open is none", () => {
    expect(
      intentAttempt(intent({ status: "canceled", canceled_at: 1_700_000_300, latest_charge: "ch_failed" })),
    ).toMatchObject({
      attemptKey: "pi_1",
      chargeId: null,
      outcome: "CANCELED",
      cardLast4: null,
      attemptedAt: new Date(1_700_000_300_000),
    });
    expect(intentAttempt(intent({ status: "requires_payment_method" }))).toBeNull();
  });
});
