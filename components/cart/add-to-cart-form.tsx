"use client";
import { useActionState } from "react";
import { initialActionState, type FormAction } from "@/lib/action-state";
import type { CartFormState } from "@/lib/cart/form-state";

// `requestKey` is the one-time key the server rendered with the page; each answer brings the
// next one. A resubmission whose answer was lost keeps the old key, so the cart changes once.
export function AddToCartForm({ action: addToCart, productId, maxQuantity, requestKey }: { action: FormAction<CartFormState>; productId: string; maxQuantity: number; requestKey: string }) {
  const [state, action, pending] = useActionState<CartFormState, FormData>(addToCart, { ...initialActionState, requestKey });
  const error = state.fields.quantity ?? state.fields.requestKey;
  return (
    <form action={action} className="flex flex-col gap-3" noValidate aria-busy={pending}>
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="requestKey" value={state.requestKey ?? requestKey} />
      <div className="flex items-end gap-3">
        <div className="flex flex-col">
          <label htmlFor="quantity" className="text-sm font-medium text-gray-900">
            Quantity
          </label>
          <input
            id="quantity"
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={maxQuantity}
            defaultValue={1}
            aria-invalid={state.fields.quantity ? true : undefined}
            aria-describedby={error ? "quantity-error" : undefined}
            className="w-24 rounded border border-gray-400 px-2 py-1 text-gray-900"
          />
        </div>
        {/* Disabled while the request runs: a second click cannot send a second add. */}
        <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:cursor-wait disabled:opacity-60">
          {pending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <p role="status" aria-live="polite" className={state.ok && !pending ? "text-green-800" : "text-red-800"} id={error ? "quantity-error" : undefined}>
        {pending ? <span className="sr-only">Adding to your cart…</span> : state.message}
      </p>
    </form>
  );
}
