"use server";
import { refresh } from "next/cache";
import { db } from "@/lib/db";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { submitAddToCart } from "@/lib/cart/add-form";
import { removeFromCart, setCartQuantity } from "@/lib/cart/cart";
import { readCartToken, writeCartToken } from "@/lib/cart/cookie";
import type { CartFormState } from "@/lib/cart/form-state";
import { newRequestKey } from "@/lib/cart/request-keys";

// Every answer hands the form a fresh key: a deliberate second add is a new change, while a
// resubmission whose answer never arrived still carries the old key and changes nothing.
const withNextKey = (state: ActionState): CartFormState => ({ ...state, requestKey: newRequestKey() });

// The add-to-cart form posts here only without JavaScript; its script uses POST /api/cart/lines
// (lib/cart/add-form.ts), which answers without rendering the page.
export async function addToCartAction(_prev: CartFormState, form: FormData): Promise<CartFormState> {
  const { state, token } = await submitAddToCart(db(), await readCartToken(), form);
  if (token) await writeCartToken(token);
  return state;
}

export async function updateCartLineAction(_prev: CartFormState, form: FormData): Promise<CartFormState> {
  return withNextKey(
    await runAction(async () => {
      const cart = await setCartQuantity(db(), await readCartToken(), formObject(form));
      refresh();
      // Quantity 0 removes the line.
      return cart.lines.some((l) => l.variantId === form.get("variantId"))
        ? "Quantity updated."
        : "Removed from your cart.";
    }),
  );
}

export async function removeCartLineAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await removeFromCart(db(), await readCartToken(), formObject(form));
    refresh();
    return "Removed from your cart.";
  });
}
