"use client";
import { useActionState, useId, useState } from "react";
import type { ActionState } from "@/lib/actions";
import { formatMoney } from "@/lib/catalog/format";

const initial: ActionState = { ok: false, message: "", fields: {} };
type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;
export type RefundLineChoice = { id: string; name: string; unitPriceCents: number; refundable: number };

/**
 * Refund part or all of a paid order: an amount, or a quantity per line (which may go back into
 * stock). The server decides what is allowed; this form only shows what is left.
 */
export function RefundForm({
  orderId,
  currency,
  refundableCents,
  lines,
  action,
  open,
}: {
  orderId: string;
  currency: string;
  refundableCents: number;
  lines: RefundLineChoice[];
  action: Action;
  open: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, initial);
  const [mode, setMode] = useState<"amount" | "lines">("amount");
  const id = useId().replace(/[^A-Za-z0-9_-]/g, "");
  // Once nothing is left (Stripe may confirm before the action returns), the form goes and the answer stays.
  if (!open) {
    return (
      <p role="status" aria-live="polite" data-testid="refund-status" className={`min-h-6 text-sm font-medium ${state.ok || !state.message ? "text-gray-800" : "text-red-800"}`}>
        {state.message ? `${state.message} ` : ""}Nothing is left to refund on this order.
      </p>
    );
  }
  const f = state.fields;
  const amountError = f.amount ?? f.amountCents;
  const error = (key: string, text: string | undefined) =>
    text ? (
      <p id={`${id}-${key}-error`} className="text-sm font-medium text-red-800">
        {text}
      </p>
    ) : null;
  return (
    <form action={formAction} noValidate aria-label="Refund this order" className="flex max-w-xl flex-col gap-3" data-testid="refund-form">
      <input type="hidden" name="orderId" value={orderId} />
      <p className="text-sm text-gray-800" data-testid="refundable">
        Still refundable: <strong>{formatMoney(refundableCents, currency)}</strong>
      </p>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium">Refund by</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" value="amount" checked={mode === "amount"} onChange={() => setMode("amount")} /> Amount
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" value="lines" checked={mode === "lines"} onChange={() => setMode("lines")} /> Order lines
        </label>
      </fieldset>
      {mode === "amount" ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-amount`} className="text-sm font-medium">
            Amount ({currency.toUpperCase()})
          </label>
          <input
            id={`${id}-amount`}
            name="amount"
            inputMode="decimal"
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
                name={`qty.${line.id}`}
                type="number"
                min={0}
                max={line.refundable}
                defaultValue={0}
                disabled={line.refundable === 0}
                className="w-20 rounded border border-gray-500 px-2 py-1"
              />
              <label htmlFor={`${id}-qty-${line.id}`}>
                {line.name} ({formatMoney(line.unitPriceCents, currency)} each, {line.refundable} refundable)
              </label>
            </div>
          ))}
          {error("lines", f.lines)}
          <label className="flex items-center gap-2">
            <input type="checkbox" name="restock" /> Put the refunded items back in stock
          </label>
        </fieldset>
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-reason`} className="text-sm font-medium">
          Reason (for the audit log)
        </label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          required
          maxLength={500}
          rows={2}
          aria-invalid={f.reason ? true : undefined}
          aria-describedby={f.reason ? `${id}-reason-error` : undefined}
          className="rounded border border-gray-500 px-3 py-2"
        />
        {error("reason", f.reason)}
      </div>
      <button type="submit" disabled={pending} className="self-start rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60">
        Refund
      </button>
      <p role="status" aria-live="polite" data-testid="refund-status" className={`min-h-6 text-sm font-medium ${state.ok ? "text-green-800" : "text-red-800"}`}>
        {pending ? "Working…" : state.message}
      </p>
    </form>
  );
}
