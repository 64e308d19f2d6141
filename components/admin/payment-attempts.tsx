import Link from "next/link";
import type { AttemptsForReview, ReviewedAttempt } from "@/lib/admin/payment-attempts";
import { ATTEMPT_OUTCOME_LABELS } from "@/lib/payments/attempts";
import { LocalDate } from "@/components/layout/local-date";

// Every card tried on this order, and other recent attempts by the same account, email or card:
// a run of declines before a success is what card testing looks like. Presentational.

const TONES: Record<string, string> = {
  AUTHORIZED: "border-green-700 bg-green-50 text-green-900",
  DECLINED: "border-red-700 bg-red-50 text-red-900",
  FAILED: "border-yellow-700 bg-yellow-50 text-yellow-900",
  CANCELED: "border-gray-600 bg-gray-100 text-gray-900",
};

// Stripe's codes, in words a reviewer reads at a glance; unknown codes are shown de-snaked.
const REASONS: Record<string, string> = {
  generic_decline: "Declined, no reason given",
  insufficient_funds: "Insufficient funds",
  lost_card: "Card reported lost",
  stolen_card: "Card reported stolen",
  fraudulent: "Issuer suspects fraud",
  card_velocity_exceeded: "Card over its spending limit",
  expired_card: "Card expired",
  incorrect_cvc: "Wrong security code",
  incorrect_number: "Wrong card number",
  incorrect_zip: "Wrong postal code",
  processing_error: "Processing error",
  do_not_honor: "Declined by the issuer (do not honor)",
};
const words = (code: string) => code.replace(/_/g, " ");
const reasonOf = (a: ReviewedAttempt) => {
  const code = a.declineCode ?? a.errorCode;
  return code ? (REASONS[code] ?? words(code)) : "–";
};
const card = (a: ReviewedAttempt) => (a.cardLast4 ? `${a.cardBrand ?? "card"} •••• ${a.cardLast4}` : "no card");
// Stripe's check results (payment_method_details.card.checks and three_d_secure.result) in words.
const CHECK_WORDS: Record<string, string> = {
  pass: "matched",
  fail: "did not match",
  unavailable: "not available",
  unchecked: "not checked",
  authenticated: "authenticated",
  attempt_acknowledged: "attempted, not completed",
  not_supported: "not supported",
  failed: "failed",
  processing_error: "processing error",
};
const check = (label: string, value: string | null) =>
  value ? `${label} ${CHECK_WORDS[value] ?? words(value)}` : null;
const checks = (a: ReviewedAttempt) =>
  [
    check("CVC", a.cvcCheck),
    check("address line", a.addressLine1Check),
    check("postal code", a.postalCodeCheck),
    check("3-D Secure", a.threeDSecure),
  ]
    .filter(Boolean)
    .join(", ") || "–";
const RELATED_LABELS = { account: "same account", email: "same email", card: "same card" } as const;

function AttemptTable({
  attempts,
  related,
  caption,
}: {
  attempts: ReviewedAttempt[];
  related: boolean;
  caption: string;
}) {
  return (
    // Focusable so keyboard users can scroll it when a narrow screen makes it scroll sideways.
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-gray-400">
            <th scope="col" className="py-1 pr-3 font-medium">
              Time
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Outcome
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Reason
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Card
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Country
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Checks
            </th>
            {related ? (
              <>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Order
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Shares
                </th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr
              key={a.id}
              className="border-b border-gray-200 align-top"
              data-testid="payment-attempt"
              data-outcome={a.outcome}
            >
              <td className="py-1 pr-3 whitespace-nowrap">
                <LocalDate value={a.attemptedAt} style="precise" />
              </td>
              <td className="py-1 pr-3">
                <span
                  className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold ${TONES[a.outcome] ?? "border-gray-600"}`}
                >
                  {a.outcome === "UNKNOWN" ? "Unknown" : ATTEMPT_OUTCOME_LABELS[a.outcome]}
                </span>
              </td>
              <td className="py-1 pr-3">{reasonOf(a)}</td>
              <td className="py-1 pr-3 whitespace-nowrap">{card(a)}</td>
              <td className="py-1 pr-3">{a.cardCountry ?? "–"}</td>
              <td className="py-1 pr-3">{checks(a)}</td>
              {related ? (
                <>
                  <td className="py-1 pr-3">
                    <Link href={`/admin/orders/${a.orderId}`} className="font-mono text-blue-800 underline">
                      {a.orderReference}
                    </Link>
                  </td>
                  <td className="py-1 pr-3">{a.relatedBy.map((r) => RELATED_LABELS[r]).join(", ")}</td>
                </>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PaymentAttempts({ attempts, relatedDays }: { attempts: AttemptsForReview; relatedDays: number }) {
  const declined = attempts.own.filter((a) => a.outcome === "DECLINED" || a.outcome === "FAILED").length;
  const relatedDeclined = attempts.related.filter((a) => a.outcome === "DECLINED" || a.outcome === "FAILED").length;
  return (
    <section
      aria-labelledby="attempts-heading"
      className="flex flex-col gap-3 rounded border border-gray-300 p-4"
      data-testid="payment-attempts"
    >
      <h2 id="attempts-heading" className="text-lg font-semibold">
        Payment attempts
      </h2>
      <p className="text-sm text-gray-800" data-testid="attempts-summary">
        {attempts.own.length === 0
          ? "No payment attempt recorded for this order."
          : `${attempts.own.length} attempt${attempts.own.length === 1 ? "" : "s"} on this order, ${declined} declined or failed.`}
      </p>
      {attempts.own.length > 0 ? (
        <div data-testid="own-attempts">
          <AttemptTable attempts={attempts.own} related={false} caption="Payment attempts on this order" />
        </div>
      ) : null}
      <h3 className="font-semibold">
        Other attempts by the same account, email or card (from {relatedDays} days before this order)
      </h3>
      {attempts.related.length === 0 ? (
        <p className="text-sm text-gray-800">None.</p>
      ) : (
        <>
          <p className="text-sm text-gray-800">
            {attempts.related.length} attempt{attempts.related.length === 1 ? "" : "s"} on other orders,{" "}
            {relatedDeclined} declined or failed.
          </p>
          <div data-testid="related-attempts">
            <AttemptTable attempts={attempts.related} related caption="Related payment attempts on other orders" />
          </div>
        </>
      )}
    </section>
  );
}
