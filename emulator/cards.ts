// Card facts and Stripe's documented test numbers. Only derived facts (brand, last4, country,
// funding, fingerprint) leave this module; the number itself is never stored or logged.
import { createHmac } from "node:crypto";

export type CardBrand = "visa" | "mastercard" | "amex" | "discover" | "diners" | "jcb" | "unionpay" | "unknown";

export interface Decline {
  code: string;
  declineCode: string;
  message: string;
  /** The form field Stripe blames (`param` on the error), when it names one. */
  param?: string;
}

/** A verification result as Stripe reports it in `card.checks`. */
type CheckResult = "pass" | "fail" | "unavailable" | "unchecked";

interface CardChecks {
  cvc?: CheckResult;
  addressLine1?: CheckResult;
  postalCode?: CheckResult;
}

/** A dispute the cardholder opens once the payment is captured (Stripe's dispute test cards). */
export interface DisputeOnCapture {
  reason: "fraudulent" | "product_not_received";
  /** needs_response: a chargeback; warning_needs_response: an inquiry (no funds withdrawn). */
  status: "needs_response" | "warning_needs_response";
}

/** How refunds of this card's payments settle (Stripe's refund test cards). */
export type RefundBehaviour =
  /** pending at first; succeeded once settled (test clock, or /_emulator/refunds/:id/settle). */
  | "pending"
  /** succeeded at first; failed once settled (refund.updated with status failed). */
  | "fails_later";

export interface CardBehaviour {
  country: string;
  funding: "credit" | "debit" | "prepaid";
  decline?: Decline;
  /** Check results other than "pass" (a provided CVC, address line and postal code pass). */
  checks?: CardChecks;
  /** The payment succeeds, then the cardholder disputes it once it is captured. */
  disputeOnCapture?: DisputeOnCapture;
  /** The payment succeeds, then the issuer reports it as fraud (an early fraud warning) once captured. */
  earlyFraudWarningOnCapture?: true;
  refund?: RefundBehaviour;
}

const declined = (
  declineCode: string,
  message: string,
  code = "card_declined",
  extra: { param?: string; checks?: CardChecks } = {},
): CardBehaviour => ({
  country: "US",
  funding: "credit",
  decline: extra.param ? { code, declineCode, message, param: extra.param } : { code, declineCode, message },
  ...(extra.checks ? { checks: extra.checks } : {}),
});

const checked = (checks: CardChecks): CardBehaviour => ({
  country: "US",
  funding: "credit",
  checks,
});

const INCORRECT_CVC = "Your card's security code is incorrect.";

/** https://docs.stripe.com/testing — the numbers the emulator treats specially. */
const TEST_CARDS: ReadonlyMap<string, CardBehaviour> = new Map([
  ["4242424242424242", { country: "US", funding: "credit" }],
  ["4000056655665556", { country: "US", funding: "debit" }],
  ["5555555555554444", { country: "US", funding: "credit" }],
  ["378282246310005", { country: "US", funding: "credit" }],
  ["4000000000000002", declined("generic_decline", "Your card was declined.")],
  ["4000000000009995", declined("insufficient_funds", "Your card has insufficient funds.")],
  ["4000000000009987", declined("lost_card", "Your card was declined.")],
  ["4000000000009979", declined("stolen_card", "Your card was declined.")],
  ["4000000000006975", declined("card_velocity_exceeded", "Your card was declined.")],
  [
    "4000000000000069",
    declined("expired_card", "Your card has expired.", "expired_card", {
      param: "exp_month",
    }),
  ],
  [
    "4000000000000127",
    declined("incorrect_cvc", INCORRECT_CVC, "incorrect_cvc", {
      param: "cvc",
      checks: { cvc: "fail" },
    }),
  ],
  // The CVC check fails; the hosted page always collects a CVC, so the charge is declined.
  [
    "4000000000000101",
    declined("incorrect_cvc", INCORRECT_CVC, "incorrect_cvc", {
      param: "cvc",
      checks: { cvc: "fail" },
    }),
  ],
  // Address checks: the charge succeeds, the checks report what the issuer said.
  ["4000000000000010", checked({ addressLine1: "fail", postalCode: "fail" })],
  ["4000000000000028", checked({ addressLine1: "fail" })],
  ["4000000000000036", checked({ postalCode: "fail" })],
  ["4000000000000044", checked({ addressLine1: "unavailable", postalCode: "unavailable" })],
  [
    "4000000000000119",
    declined(
      "processing_error",
      "An error occurred while processing your card. Try again in a little bit.",
      "processing_error",
    ),
  ],
  // Disputes (https://docs.stripe.com/testing#disputes): opened once the payment is captured.
  [
    "4000000000000259",
    {
      country: "US",
      funding: "credit",
      disputeOnCapture: { reason: "fraudulent", status: "needs_response" },
    },
  ],
  [
    "4000000000002685",
    {
      country: "US",
      funding: "credit",
      disputeOnCapture: { reason: "product_not_received", status: "needs_response" },
    },
  ],
  [
    "4000000000001976",
    {
      country: "US",
      funding: "credit",
      disputeOnCapture: { reason: "fraudulent", status: "warning_needs_response" },
    },
  ],
  // Early fraud warning (https://docs.stripe.com/testing#disputes, "Warning").
  ["4000000000005423", { country: "US", funding: "credit", earlyFraudWarningOnCapture: true }],
  // Refunds (https://docs.stripe.com/testing#refunds): asynchronous success and failure.
  ["4000000000007726", { country: "US", funding: "credit", refund: "pending" }],
  ["4000000000005126", { country: "US", funding: "credit", refund: "fails_later" }],
  ["4000000760000002", { country: "BR", funding: "credit" }],
  ["4000001240000000", { country: "CA", funding: "credit" }],
  ["4000008260000000", { country: "GB", funding: "credit" }],
  ["4000002760000016", { country: "DE", funding: "credit" }],
]);

function behaviourOf(number: string): CardBehaviour {
  return TEST_CARDS.get(number) ?? { country: "US", funding: "credit" };
}

/** Digits only: spaces and dashes people type between groups are dropped. */
export const normalizeCardNumber = (raw: string): string => raw.replace(/[\s-]/g, "");

export function passesLuhn(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function brandOf(number: string): CardBrand {
  const p2 = Number(number.slice(0, 2));
  const p3 = Number(number.slice(0, 3));
  const p4 = Number(number.slice(0, 4));
  if (number.startsWith("4")) return "visa";
  if (p2 === 34 || p2 === 37) return "amex";
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return "mastercard";
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) return "discover";
  if (p4 >= 3528 && p4 <= 3589) return "jcb";
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) return "diners";
  if (p2 === 62 || p2 === 81) return "unionpay";
  return "unknown";
}

/** Same number + same key → same fingerprint; the number cannot be recovered from it. */
export function fingerprintOf(number: string, key: string): string {
  return createHmac("sha256", key).update(number).digest("base64url").slice(0, 16);
}

export interface CardFacts {
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  fingerprint: string;
  behaviour: CardBehaviour;
}

export function cardFacts(number: string, expMonth: number, expYear: number, fingerprintKey: string): CardFacts {
  return {
    brand: brandOf(number),
    last4: number.slice(-4),
    expMonth,
    expYear,
    fingerprint: fingerprintOf(number, fingerprintKey),
    behaviour: behaviourOf(number),
  };
}
