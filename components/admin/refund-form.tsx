"use client";
import { useActionState, useId, useRef, useState, type FormEvent } from "react";
import { ConfirmStep } from "@/components/admin/confirm-step";
import { initialActionState, type ActionState, type FormAction } from "@/lib/action-state";
import { formatMoney } from "@/lib/catalog/format";
import { refundedTaxShare } from "@/lib/checkout/pricing";

type Action = FormAction;
export type RefundLineChoice = {
  id: string;
  name: string;
  unitPriceCents: number;
  refundable: number;
  quantity: number;
  taxCents: number;
};
/** The order's tax (added to prices or included in them) and shipping, which line refunds carry. */
export type RefundExtras = { taxAdded: boolean; shippingCents: number; shippingRefundable: boolean };

/** What the typed form comes to, for the confirmation step (the server computes it again). */
function typedCents(form: HTMLFormElement, lines: RefundLineChoice[], extras: RefundExtras): number | null {
  const data = new FormData(form);
  if (data.get("mode") === "lines") {
    const goods = lines.reduce((sum, line) => {
      const qty = Number(data.get(`qty.${line.id}`)) || 0;
      const tax = extras.taxAdded
        ? refundedTaxShare(line.taxCents, line.quantity, line.quantity - line.refundable, qty)
        : 0;
      return sum + line.unitPriceCents * qty + tax;
    }, 0);
    return goods + (data.get("shipping") === "on" ? extras.shippingCents : 0);
  }
  const amount = data.get("amount");
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(typeof amount === "string" ? amount.trim() : "");
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : null;
}

/**
 * Refund part or all of a paid order: an amount, or a quantity per line (which may go back into
 * stock). The server decides what is allowed; this form only shows what is left. Refunding asks
 * for confirmation in the page first; a refused refund keeps everything typed and shows each
 * error once. Above the two-person amount the refund is proposed for a second admin.
 */
export function RefundForm({
  orderId,
  currency,
  refundableCents,
  lines,
  extras,
  action,
  open,
  secondAdminAboveCents = null,
}: {
  orderId: string;
  currency: string;
  refundableCents: number;
  lines: RefundLineChoice[];
  extras: RefundExtras;
  action: Action;
  open: boolean;
  /** A refund above this amount is proposed for a second admin (null: two-person control is off). */
  secondAdminAboveCents?: number | null;
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  const typed = state.ok ? undefined : state.values;
  const [mode, setMode] = useState<"amount" | "lines">(typed?.mode === "lines" ? "lines" : "amount");
  // The confirmation belongs to the answer it was opened after, and to what was typed then.
  const [confirm, setConfirm] = useState<{ after: ActionState; cents: number | null } | null>(null);
  const confirming = confirm !== null && confirm.after === state;
  const formRef = useRef<HTMLFormElement>(null);
  const refundButton = useRef<HTMLButtonElement>(null);
  const id = useId().replace(/[^A-Za-z0-9_-]/g, "");
  // Once nothing is left (Stripe may confirm before the action returns), the form goes and the answer stays.
  if (!open) {
    return (
      <p
        role="status"
        aria-live="polite"
        data-testid="refund-status"
        className={`min-h-6 text-sm font-medium ${state.ok || !state.message ? "text-gray-800" : "text-red-800"}`}
      >
        {state.message ? `${state.message} ` : ""}Nothing is left to refund on this order.
      </p>
    );
  }
  const f = state.fields;
  const amountError = f.amount ?? f.amountCents;
  // Each error once: under its field, and in the status line only when it belongs to no field.
  const statusMessage = Object.values(f).includes(state.message) ? "" : state.message;
  const error = (key: string, text: string | undefined) =>
    text ? (
      <p id={`${id}-${key}-error`} className="text-sm font-medium text-red-800">
        {text}
      </p>
    ) : null;
  const cents = confirm?.cents ?? null;
  const proposes = cents !== null && secondAdminAboveCents !== null && cents > secondAdminAboveCents;
  // Changing anything after asking for confirmation asks again.
  const changed = (_event: FormEvent) => setConfirm(null);
  return (
    <form
      ref={formRef}
      action={formAction}
      onChange={changed}
      noValidate
      aria-label="Refund this order"
      className="flex max-w-xl flex-col gap-3"
      data-testid="refund-form"
    >
      <input type="hidden" name="orderId" value={orderId} />
      <p className="text-sm text-gray-800" data-testid="refundable">
        Still refundable: <strong>{formatMoney(refundableCents, currency)}</strong>
        {secondAdminAboveCents !== null
          ? ` · a refund above ${formatMoney(Math.max(0, secondAdminAboveCents), currency)} is proposed, and another admin must confirm it`
          : ""}
      </p>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium">Refund by</legend>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="mode"
            value="amount"
            checked={mode === "amount"}
            onChange={() => setMode("amount")}
          />{" "}
          Amount
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" value="lines" checked={mode === "lines"} onChange={() => setMode("lines")} />{" "}
          Order lines
        </label>
      </fieldset>
      {mode === "amount" ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-amount`} className="text-sm font-medium">
            Amount ({currency.toUpperCase()})
          </label>
          <input
            id={`${id}-amount`}
            key={`amount-${typed?.amount ?? ""}`}
            name="amount"
            inputMode="decimal"
            defaultValue={typed?.amount ?? ""}
            placeholder={(refundableCents / 100).toFixed(2)}
            aria-invalid={amountError ? true : undefined}
            aria-describedby={amountError ? `${id}-amount-error` : undefined}
            className="max-w-40 rounded border border-gray-500 px-3 py-2"
          />
          {error("amount", amountError)}
        </div>
      ) : (
        <fieldset className="flex flex-col gap-2" aria-describedby={f.lines ? `${id}-lines-error` : undefined}>
          <legend className="text-sm font-medium">Quantity to refund per line</legend>
          {lines.map((line) => (
            <div key={line.id} className="flex items-center gap-2">
              <input
                id={`${id}-qty-${line.id}`}
                key={`qty-${line.id}-${typed?.[`qty.${line.id}`] ?? ""}`}
                name={`qty.${line.id}`}
                type="number"
                min={0}
                max={line.refundable}
                defaultValue={typed?.[`qty.${line.id}`] ?? 0}
                disabled={line.refundable === 0}
                className="w-20 rounded border border-gray-500 px-2 py-1"
              />
              <label htmlFor={`${id}-qty-${line.id}`}>
                {line.name} ({formatMoney(line.unitPriceCents, currency)} each{extras.taxAdded ? " plus tax" : ""},{" "}
                {line.refundable} refundable)
              </label>
            </div>
          ))}
          {error("lines", f.lines)}
          {extras.shippingRefundable ? (
            <label className="flex items-center gap-2">
              <input
                key={`shipping-${typed?.shipping ?? ""}`}
                type="checkbox"
                name="shipping"
                defaultChecked={typed?.shipping === "on"}
              />{" "}
              Also refund the shipping ({formatMoney(extras.shippingCents, currency)})
            </label>
          ) : null}
          {error("shipping", f.shipping)}
          <label className="flex items-center gap-2">
            <input
              key={`restock-${typed?.restock ?? ""}`}
              type="checkbox"
              name="restock"
              defaultChecked={typed?.restock === "on"}
            />{" "}
            Put the refunded items back in stock
          </label>
        </fieldset>
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-reason`} className="text-sm font-medium">
          Reason (for the audit log)
        </label>
        <textarea
          id={`${id}-reason`}
          key={`reason-${typed?.reason ?? ""}`}
          name="reason"
          defaultValue={typed?.reason ?? ""}
          required
          maxLength={500}
          rows={2}
          aria-invalid={f.reason ? true : undefined}
          aria-describedby={f.reason ? `${id}-reason-error` : undefined}
          className="rounded border border-gray-500 px-3 py-2"
        />
        {error("reason", f.reason)}
      </div>
      <button
        ref={refundButton}
        type="button"
        disabled={pending}
        aria-expanded={confirming}
        aria-controls={`${id}-confirm`}
        onClick={() =>
          setConfirm({ after: state, cents: formRef.current ? typedCents(formRef.current, lines, extras) : null })
        }
        className="self-start rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60"
      >
        Refund
      </button>
      <ConfirmStep
        id={`${id}-confirm`}
        open={confirming}
        heading={
          cents !== null ? `Refund ${formatMoney(cents, currency)} to the customer's card?` : "Refund this order?"
        }
        testId="refund-confirm"
        onBack={() => {
          setConfirm(null);
          refundButton.current?.focus();
        }}
        confirmLabel={proposes ? "Yes, propose the refund" : "Yes, refund"}
        pending={pending}
      >
        {proposes
          ? "This is above the two-person amount: it is proposed now and sent only when another admin confirms it."
          : "The money goes back to the card; this cannot be undone."}
      </ConfirmStep>
      <p
        role="status"
        aria-live="polite"
        data-testid="refund-status"
        className={`min-h-6 text-sm font-medium ${state.ok ? "text-green-800" : "text-red-800"}`}
      >
        {pending ? "Working…" : statusMessage}
      </p>
    </form>
  );
}
