"use client";
import { useActionState } from "react";
import { removeCartLineAction, updateCartLineAction } from "@/app/cart/actions";
import type { ActionState } from "@/lib/actions";

const initial: ActionState = { ok: false, message: "", fields: {} };

export function CartLineControls({ productId, name, quantity, max }: { productId: string; name: string; quantity: number; max: number }) {
  const [updated, update, updating] = useActionState(updateCartLineAction, initial);
  const [removed, remove, removing] = useActionState(removeCartLineAction, initial);
  const message = removed.message || updated.message;
  const ok = removed.message ? removed.ok : updated.ok;
  const inputId = `qty-${productId}`;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <form action={update} className="flex items-end gap-2" noValidate>
          <input type="hidden" name="productId" value={productId} />
          <div className="flex flex-col">
            <label htmlFor={inputId} className="text-sm text-gray-900">
              Quantity of {name}
            </label>
            <input id={inputId} name="quantity" type="number" inputMode="numeric" min={1} max={max} defaultValue={quantity} key={quantity} className="w-20 rounded border border-gray-400 px-2 py-1 text-gray-900" />
          </div>
          <button type="submit" disabled={updating} className="rounded border border-gray-500 px-3 py-1 text-gray-900 hover:bg-gray-100">
            Update
          </button>
        </form>
        <form action={remove}>
          <input type="hidden" name="productId" value={productId} />
          <button type="submit" disabled={removing} className="rounded px-3 py-1 text-red-800 underline hover:bg-red-50">
            Remove<span className="sr-only"> {name}</span>
          </button>
        </form>
      </div>
      <p role="status" aria-live="polite" className={ok ? "text-sm text-green-800" : "text-sm text-red-800"}>
        {message}
      </p>
    </div>
  );
}
