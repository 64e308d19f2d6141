"use client";
import { useActionState, useState, useTransition, type FormEvent } from "react";
import { initialActionState, type FormAction } from "@/lib/action-state";
import type { CartFormState } from "@/lib/cart/form-state";
import { announceCartCount } from "./cart-count";

// Two ways in, one form. Without JavaScript it posts to the server action (`action`), which Next
// answers with the product page re-rendered. With it, the same fields go to POST /api/cart/lines
// (lib/cart/add-form.ts), whose JSON answer renders no page: the form shows the message and the
// header's count (./cart-count.tsx) takes the cart's new item count.
//
// `requestKey` is the one-time key the server rendered with the page; each answer brings the
// next one. A resubmission whose answer was lost keeps the old key, so the cart changes once.

const UNREACHABLE = "Could not reach the store. Check your connection and try again.";
const FAILED = "Something went wrong on our side. Please try again.";

const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** Sends the form's own fields (not React's `$ACTION` ones) and reads the answer; a lost answer keeps the key. */
async function sendAdd(form: FormData): Promise<CartFormState> {
  const body = new FormData();
  for (const name of ["productId", "quantity", "requestKey"]) body.set(name, field(form, name));
  const kept = { requestKey: field(form, "requestKey") };
  let response: Response;
  try {
    response = await fetch("/api/cart/lines", { method: "POST", body, headers: { Accept: "application/json" } });
  } catch {
    return { ok: false, message: UNREACHABLE, fields: {}, ...kept };
  }
  const answer = (await response.json().catch(() => null)) as CartFormState | null;
  if (!answer || typeof answer.message !== "string" || typeof answer.fields !== "object")
    return { ok: false, message: FAILED, fields: {}, ...kept };
  return answer;
}

export function AddToCartForm({
  action: addToCart,
  productId,
  maxQuantity,
  requestKey,
}: {
  action: FormAction<CartFormState>;
  productId: string;
  maxQuantity: number;
  requestKey: string;
}) {
  const [actionState, action, actionPending] = useActionState<CartFormState, FormData>(addToCart, {
    ...initialActionState,
    requestKey,
  });
  const [answer, setAnswer] = useState<CartFormState | null>(null);
  const [sending, startSending] = useTransition();
  const state = answer ?? actionState;
  const pending = sending || actionPending;
  const error = state.fields.quantity ?? state.fields.requestKey;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // The script's way: the server action (the form's action) is not called.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startSending(async () => {
      const next = await sendAdd(form);
      startSending(() => setAnswer(next));
      if (next.ok && next.itemCount !== undefined) announceCartCount(next.itemCount);
    });
  };

  return (
    <form action={action} onSubmit={onSubmit} className="flex flex-col gap-3" noValidate aria-busy={pending}>
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
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:cursor-wait disabled:opacity-60"
        >
          {pending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <p
        role="status"
        aria-live="polite"
        className={state.ok && !pending ? "text-green-800" : "text-red-800"}
        id={error ? "quantity-error" : undefined}
      >
        {pending ? <span className="sr-only">Adding to your cart…</span> : state.message}
      </p>
    </form>
  );
}
