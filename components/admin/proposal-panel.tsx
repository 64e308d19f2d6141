"use client";
import { useActionState, useId } from "react";
import { StepUpCodeField } from "@/components/admin/step-up-code-field";
import { WithdrawProposal } from "@/components/admin/withdraw-proposal";
import { initialActionState, type FormAction } from "@/lib/action-state";
import { formatMoney } from "@/lib/catalog/format";
import type { ProposalView } from "@/lib/orders/dual-control";
import { reasonLabel } from "@/lib/orders/decision-reasons";

type Action = FormAction;

/** A proposal with its dates already written for the reader (lib/dates, on the server). */
export type DatedProposal = ProposalView & { when: { created: string; expires: string } };
const what = (p: ProposalView, currency: string) =>
  p.kind === "APPROVE"
    ? `Approval of ${formatMoney(p.amountCents, currency)}`
    : `Refund of ${formatMoney(p.amountCents, currency)}`;

/**
 * Two-person control on the review page: the waiting proposal of one kind (approval or refund),
 * with a confirm form, and for its proposer a withdraw button; the closed ones as history.
 */
export function ProposalPanel({
  proposals,
  kind,
  currency,
  action,
  withdrawAction,
  stepUp,
  open,
}: {
  proposals: DatedProposal[];
  kind: ProposalView["kind"];
  currency: string;
  action: Action;
  /** Withdraws the proposer's own waiting proposal. */
  withdrawAction: Action;
  stepUp: boolean;
  open: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  const [withdrawn, withdrawFormAction, withdrawing] = useActionState(withdrawAction, initialActionState);
  const id = useId().replace(/[^A-Za-z0-9_-]/g, "");
  const mine = proposals.filter((p) => p.kind === kind);
  const waiting = open ? mine.find((p) => p.status === "PENDING") : undefined;
  const closed = mine.filter((p) => p !== waiting);
  if (mine.length === 0 && !state.message && !withdrawn.message) return null;
  const fields = state.fields;
  const typed = state.ok ? undefined : state.values;
  const statusMessage = Object.values(fields).includes(state.message) ? "" : state.message;
  return (
    <div
      className="flex flex-col gap-2 rounded border border-amber-700 bg-amber-50 p-3"
      data-testid={`proposals-${kind.toLowerCase()}`}
    >
      <h3 className="font-semibold">Two-person control</h3>
      {waiting ? (
        <div data-testid="waiting-proposal" className="flex flex-col gap-2 text-sm">
          <p>
            <strong>{what(waiting, currency)}</strong> proposed by {waiting.proposedByEmail} on {waiting.when.created};
            it expires {waiting.when.expires}.
            {waiting.reason ? ` Reason: ${kind === "APPROVE" ? reasonLabel(waiting.reason) : waiting.reason}.` : ""}
            {waiting.note ? ` Note: “${waiting.note}”` : ""}
          </p>
          {waiting.proposedByMe ? (
            // The form stays: the store itself refuses a proposer's confirmation (and audits the try).
            <>
              <p className="font-medium" data-testid="proposal-own">
                You proposed this: another staff member must confirm it.
              </p>
              <WithdrawProposal proposalId={waiting.id} kind={kind} action={withdrawFormAction} pending={withdrawing} />
            </>
          ) : null}
          <form
            action={formAction}
            noValidate
            aria-label={kind === "APPROVE" ? "Confirm the approval" : "Confirm the refund"}
            className="flex flex-col gap-2"
          >
            <input type="hidden" name="proposalId" value={waiting.id} />
            <label htmlFor={`${id}-note`} className="font-medium">
              Your note (optional)
            </label>
            <textarea
              id={`${id}-note`}
              key={`confirm-note-${typed?.confirmNote ?? ""}`}
              name="confirmNote"
              defaultValue={typed?.confirmNote ?? ""}
              maxLength={1000}
              rows={2}
              className="rounded border border-gray-500 px-3 py-2"
            />
            {stepUp ? <StepUpCodeField error={fields.totpCode} /> : null}
            <button
              type="submit"
              disabled={pending}
              className="self-start rounded bg-green-800 px-4 py-2 font-semibold text-white hover:bg-green-900 disabled:opacity-60"
            >
              {kind === "APPROVE" ? "Confirm approval and capture" : "Confirm and send the refund"}
            </button>
          </form>
        </div>
      ) : null}
      <p
        role="status"
        aria-live="polite"
        data-testid={`proposal-status-${kind.toLowerCase()}`}
        className={`min-h-6 text-sm font-medium ${state.ok ? "text-green-800" : "text-red-800"}`}
      >
        {pending ? "Working…" : statusMessage}
      </p>
      <p
        role="status"
        aria-live="polite"
        data-testid={`withdraw-status-${kind.toLowerCase()}`}
        className={`text-sm font-medium ${withdrawn.ok ? "text-green-800" : "text-red-800"}`}
      >
        {withdrawing ? "Working…" : withdrawn.message}
      </p>
      {closed.length > 0 ? (
        <ul className="flex flex-col gap-1 text-sm" aria-label="Earlier proposals">
          {closed.map((p) => (
            <li key={p.id} data-testid="proposal" data-status={p.status}>
              {what(p, currency)} proposed by {p.proposedByEmail}: <strong>{p.status.toLowerCase()}</strong>
              {p.confirmedByEmail
                ? `, ${p.status === "CONFIRMED" ? "confirmed" : "second step tried"} by ${p.confirmedByEmail}`
                : ""}
              {p.error ? ` (${p.error})` : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
