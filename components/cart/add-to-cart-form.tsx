"use client";
import { useActionState } from "react";
import { addToCartAction } from "@/app/cart/actions";
import type { ActionState } from "@/lib/actions";

const initial: ActionState = { ok: false, message: "", fields: {} };

export function AddToCartForm({ productId, maxQuantity }: { productId: string; maxQuantity: number }) {
  const [state, action, pending] = useActionState(addToCartAction, initial);
  const error = state.fields.quantity;
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="productId" value={productId} />
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
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "quantity-error" : undefined}
            className="w-24 rounded border border-gray-400 px-2 py-1 text-gray-900"
          />
        </div>
        <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60">
          {pending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <p role="status" aria-live="polite" className={state.ok ? "text-green-800" : "text-red-800"} id={error ? "quantity-error" : undefined}>
        {state.message}
      </p>
    </form>
  );
}
