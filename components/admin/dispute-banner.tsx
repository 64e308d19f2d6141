import { formatMoney } from "@/lib/catalog/format";
import { requestDates } from "@/lib/dates/request";

export type DisputeSummary = {
  id: string;
  amountCents: number;
  currency: string;
  reason: string;
  status: string;
  evidenceDueBy: Date | null;
  closedAt: Date | null;
};

/** A dispute on the order: open ones stand out (they have a deadline), closed ones show the outcome. */
export async function DisputeBanner({ dispute }: { dispute: DisputeSummary }) {
  const when = await requestDates();
  const open = dispute.closedAt === null;
  return (
    <section
      aria-label="Dispute"
      data-testid="dispute-banner"
      className={`flex flex-col gap-1 rounded border p-3 ${open ? "border-red-700 bg-red-50 text-red-950" : "border-gray-400 bg-gray-50 text-gray-900"}`}
    >
      <p className="font-semibold">
        {open ? "Disputed" : `Dispute closed: ${dispute.status.replaceAll("_", " ")}`} ·{" "}
        {formatMoney(dispute.amountCents, dispute.currency)} · reason: {dispute.reason.replaceAll("_", " ")}
      </p>
      <p className="text-sm">
        Status <span data-testid="dispute-status">{dispute.status.replaceAll("_", " ")}</span>
        {open && dispute.evidenceDueBy ? ` · evidence due by ${when(dispute.evidenceDueBy)}` : ""}
        {dispute.closedAt ? ` · closed ${when(dispute.closedAt)}` : ""} ·{" "}
        <span className="font-mono">{dispute.id}</span>
      </p>
      {open ? (
        <p className="text-sm">
          Respond in the Stripe dashboard before the deadline. A disputed payment cannot be refunded.
        </p>
      ) : null}
    </section>
  );
}
