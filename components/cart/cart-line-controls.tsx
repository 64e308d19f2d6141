"use client";
import { useActionState } from "react";
import { initialActionState, type FormAction } from "@/lib/action-state";
import type { CartFormState } from "@/lib/cart/form-state";

// The quantity form carries a one-time key (rendered by the server, renewed by each answer), so
// a repeated submission changes the line once. Removing a line is repeatable by nature.
export type CartLineActions = { update: FormAction<CartFormState>; remove: FormAction };

export function CartLineControls({
  actions,
  variantId,
  name,
  quantity,
  max,
  requestKey,
}: {
  actions: CartLineActions;
  variantId: string;
  name: string;
  quantity: number;
  max: number;
  requestKey: string;
}) {
  const [updated, update, updating] = useActionState<CartFormState, FormData>(actions.update, {
    ...initialActionState,
    requestKey,
  });
  const [removed, remove, removing] = useActionState(actions.remove, initialActionState);
  const message = removed.message || updated.message;
  const ok = removed.message ? removed.ok : updated.ok;
  const inputId = `qty-${variantId}`;
  const busy = updating || removing;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <form action={update} className="flex items-end gap-2" noValidate aria-busy={updating}>
          <input type="hidden" name="variantId" value={variantId} />
          <input type="hidden" name="requestKey" value={updated.requestKey ?? requestKey} />
          <div className="flex flex-col">
            <label htmlFor={inputId} className="text-sm text-gray-900">
              Quantity of {name}
            </label>
            <input
              id={inputId}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={0}
              max={max}
              defaultValue={quantity}
              key={quantity}
              className="w-20 rounded border border-gray-400 px-2 py-1 text-gray-900"
            />
          </div>
          <button
            type="submit"
            disabled={updating}
            className="rounded border border-gray-500 px-3 py-1 text-gray-900 hover:bg-gray-100 disabled:cursor-wait disabled:opacity-60"
          >
            {updating ? "Updating…" : "Update"}
          </button>
        </form>
        <form action={remove} aria-busy={removing}>
          <input type="hidden" name="variantId" value={variantId} />
          <button
            type="submit"
            disabled={removing}
            className="rounded px-3 py-1 text-red-800 underline hover:bg-red-50 disabled:cursor-wait disabled:opacity-60"
          >
            {removing ? "Removing…" : "Remove"}
            <span className="sr-only"> {name}</span>
          </button>
        </form>
      </div>
      <p role="status" aria-live="polite" className={ok && !busy ? "text-sm text-green-800" : "text-sm text-red-800"}>
        {busy ? (
          <span className="sr-only">{updating ? `Updating the quantity of ${name}…` : `Removing ${name}…`}</span>
        ) : (
          message
        )}
      </p>
    </div>
  );
}
