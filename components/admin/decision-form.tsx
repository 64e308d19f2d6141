"use client";
import { useActionState, useId, useRef, useState } from "react";
import { ConfirmStep } from "@/components/admin/confirm-step";
import { StepUpCodeField } from "@/components/admin/step-up-code-field";
import { initialActionState, type ActionState, type FormAction } from "@/lib/action-state";
import { APPROVE_REASONS, OTHER_REASON, REJECT_REASONS } from "@/lib/orders/decision-reasons";

type Action = FormAction;

type Props = {
  orderId: string;
  reference: string;
  action: Action;
  stepUp: boolean;
  open: boolean;
  /** Above the two-person amount: "approve" proposes, another staff member confirms. */
  dualControl?: boolean;
  /** An approval proposal is already waiting for its second staff member. */
  approvalPending?: boolean;
  /** The order has a card fingerprint on record (it can be blocked). */
  canBlockCard?: boolean;
};

/**
 * Approve or reject a held order: one note, an authenticator code when the amount needs a
 * step-up, and submit buttons whose name/value tells the action which decision it is. Rejecting
 * asks for confirmation first, in the page (a group that takes focus), not in a browser dialog.
 */
export function DecisionForm({
  orderId,
  reference,
  action,
  stepUp,
  open,
  dualControl = false,
  approvalPending = false,
  canBlockCard = true,
}: Props) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  // The confirmation step belongs to the answer it was opened after: a new answer closes it.
  const [confirmFor, setConfirmFor] = useState<ActionState | null>(null);
  const confirming = confirmFor === state;
  const rejectButton = useRef<HTMLButtonElement>(null);
  const id = useId().replace(/[^A-Za-z0-9_-]/g, "");
  const fields = state.fields;
  // After a refusal (a step-up code missing, a field invalid) the form shows what was typed.
  const typed = state.ok ? undefined : state.values;
  // Each error once: under its field, and in the status line only when it belongs to no field.
  const fieldMessages = new Set(Object.values(fields));
  const statusMessage = fieldMessages.has(state.message) ? "" : state.message;
  // Once decided, the page re-renders with the order no longer HELD: the form goes, the answer stays.
  if (!open) {
    return (
      <p
        role="status"
        aria-live="polite"
        data-testid="decision-status"
        className={`min-h-6 font-medium ${state.ok || !state.message ? "text-green-800" : "text-red-800"}`}
      >
        {state.message || "This order is not waiting for a decision."}
      </p>
    );
  }
  return (
    <form
      action={formAction}
      noValidate
      aria-label="Decide on this order"
      className="flex max-w-xl flex-col gap-3"
      data-testid="decision-form"
    >
      <input type="hidden" name="orderId" value={orderId} />
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-reason`} className="text-sm font-medium">
          Reason
        </label>
        <select
          key={`reason-${typed?.reason ?? ""}`}
          id={`${id}-reason`}
          name="reason"
          required
          defaultValue={typed?.reason ?? ""}
          aria-invalid={fields.reason ? true : undefined}
          aria-describedby={fields.reason ? `${id}-reason-error` : undefined}
          className="max-w-full rounded border border-gray-500 px-3 py-2"
        >
          <option value="" disabled>
            Choose a reason
          </option>
          <optgroup label="Approve because">
            {Object.entries(APPROVE_REASONS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Reject because">
            {Object.entries(REJECT_REASONS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Either">
            {Object.entries(OTHER_REASON).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </optgroup>
        </select>
        {fields.reason ? (
          <p id={`${id}-reason-error`} className="text-sm font-medium text-red-800">
            {fields.reason}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-note`} className="text-sm font-medium">
          Note (why you decided this, for the audit log)
        </label>
        <textarea
          id={`${id}-note`}
          key={`note-${typed?.note ?? ""}`}
          name="note"
          defaultValue={typed?.note ?? ""}
          required
          maxLength={1000}
          rows={3}
          aria-invalid={fields.note ? true : undefined}
          aria-describedby={fields.note ? `${id}-note-error` : undefined}
          className="rounded border border-gray-500 px-3 py-2"
        />
        {fields.note ? (
          <p id={`${id}-note-error`} className="text-sm font-medium text-red-800">
            {fields.note}
          </p>
        ) : null}
      </div>
      <fieldset className="flex flex-col gap-1" aria-describedby={fields.blockCard ? `${id}-block-error` : undefined}>
        <legend className="text-sm font-medium">When rejecting</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            key={`bc-${typed?.blockCard ?? ""}`}
            type="checkbox"
            name="blockCard"
            defaultChecked={typed?.blockCard === "on"}
            disabled={!canBlockCard}
          />{" "}
          Block this card
          {canBlockCard ? "" : " (no card fingerprint on record)"}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            key={`be-${typed?.blockEmail ?? ""}`}
            type="checkbox"
            name="blockEmail"
            defaultChecked={typed?.blockEmail === "on"}
          />{" "}
          Block this email
        </label>
        {fields.blockCard ? (
          <p id={`${id}-block-error`} className="text-sm font-medium text-red-800">
            {fields.blockCard}
          </p>
        ) : null}
      </fieldset>
      {stepUp ? (
        <StepUpCodeField
          error={fields.totpCode}
          hint="This order is above the step-up amount: confirm with a fresh code from your app."
        />
      ) : null}
      {dualControl ? (
        <p id={`${id}-dual-hint`} className="text-sm text-gray-800" data-testid="dual-control-hint">
          This order is above the two-person amount: approving proposes it, and another staff member must confirm before
          the payment is captured.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3">
        {approvalPending ? null : (
          <button
            type="submit"
            name="decision"
            value={dualControl ? "propose" : "approve"}
            disabled={pending}
            aria-describedby={dualControl ? `${id}-dual-hint` : undefined}
            className="rounded bg-green-800 px-4 py-2 font-semibold text-white hover:bg-green-900 disabled:opacity-60"
          >
            {dualControl ? "Propose approval" : "Approve and capture"}
          </button>
        )}
        <button
          ref={rejectButton}
          type="button"
          disabled={pending}
          aria-expanded={confirming}
          aria-controls={`${id}-confirm`}
          onClick={() => setConfirmFor(state)}
          className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60"
        >
          Reject and cancel
        </button>
      </div>
      <ConfirmStep
        id={`${id}-confirm`}
        open={confirming}
        heading={`Reject order ${reference}?`}
        testId="reject-confirm"
        onBack={() => {
          setConfirmFor(null);
          rejectButton.current?.focus();
        }}
        confirmLabel="Yes, reject the order"
        decision="reject"
        pending={pending}
      >
        The authorization is cancelled, the stock returned and the customer emailed. This cannot be undone.
      </ConfirmStep>
      <p
        role="status"
        aria-live="polite"
        data-testid="decision-status"
        className={`min-h-6 text-sm font-medium ${state.ok ? "text-green-800" : "text-red-800"}`}
      >
        {pending ? "Working…" : statusMessage}
      </p>
    </form>
  );
}
