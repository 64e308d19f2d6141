import { formatDuration, type DecisionCount, type ReviewerSignals } from "@/lib/admin/reviewer-signals";
import { formatMoney } from "@/lib/catalog/format";

// The history a reviewer decides on, as it stood when the order was placed. Presentational.

const decisions = (d: DecisionCount) =>
  d.approved + d.rejected === 0 ? "none" : `${d.approved} approved, ${d.rejected} rejected`;

export function ReviewerSignalsPanel({ signals, currency }: { signals: ReviewerSignals; currency: string }) {
  const rows: Array<[string, string, boolean]> = [
    [
      "Account age at order time",
      signals.accountAgeMs === null ? "Guest checkout: no account" : formatDuration(signals.accountAgeMs),
      signals.accountAgeMs !== null && signals.accountAgeMs < 86_400_000,
    ],
    ["Earlier orders", `${signals.earlierOrders} (${signals.earlierPaidOrders} paid)`, false],
    ["Spent before", formatMoney(signals.spendCents, currency), false],
    [
      "Refunds before",
      signals.refunds === 0 ? "none" : `${signals.refunds} (${formatMoney(signals.refundedCents, currency)})`,
      signals.refunds > 0,
    ],
    ["Disputes before", signals.disputes === 0 ? "none" : String(signals.disputes), signals.disputes > 0],
    [
      "Earlier decisions about this customer",
      decisions(signals.earlierDecisions.customer),
      signals.earlierDecisions.customer.rejected > 0,
    ],
    [
      "Earlier decisions about this card",
      decisions(signals.earlierDecisions.card),
      signals.earlierDecisions.card.rejected > 0,
    ],
    [
      "Declined before this payment",
      signals.declinesBeforeThisPayment === 0 ? "none" : String(signals.declinesBeforeThisPayment),
      signals.declinesBeforeThisPayment > 0,
    ],
    [
      "Declines by this account, email or card in the 30 days before",
      signals.declinesBefore30Days === 0 ? "none" : String(signals.declinesBefore30Days),
      signals.declinesBefore30Days > 0,
    ],
  ];
  return (
    <section
      aria-labelledby="history-heading"
      className="flex flex-col gap-2 rounded border border-gray-300 p-4"
      data-testid="reviewer-signals"
    >
      <h2 id="history-heading" className="text-lg font-semibold">
        Customer history at order time
      </h2>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[minmax(0,max-content)_1fr]">
        {rows.map(([term, value, notable]) => (
          <div key={term} className="contents" data-testid="reviewer-signal">
            <dt className="font-medium text-gray-800">{term}</dt>
            <dd className={notable ? "font-semibold text-red-800" : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
