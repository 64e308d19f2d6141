"use server";
import { refresh } from "next/cache";
import { db } from "@/lib/db";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { addToCart, removeFromCart, setCartQuantity } from "@/lib/cart/cart";
import { readCartToken, writeCartToken } from "@/lib/cart/cookie";
import type { CartFormState } from "@/lib/cart/form-state";
import { newRequestKey } from "@/lib/cart/request-keys";

// Every answer hands the form a fresh key: a deliberate second add is a new change, while a
// resubmission whose answer never arrived still carries the old key and changes nothing.
const withNextKey = (state: ActionState): CartFormState => ({ ...state, requestKey: newRequestKey() });

export async function addToCartAction(_prev: CartFormState, form: FormData): Promise<CartFormState> {
  return withNextKey(
    await runAction(async () => {
      const { token } = await addToCart(db(), await readCartToken(), formObject(form));
      await writeCartToken(token);
      return "Added to your cart.";
    }),
  );
}

export async function updateCartLineAction(_prev: CartFormState, form: FormData): Promise<CartFormState> {
  return withNextKey(
    await runAction(async () => {
      const cart = await setCartQuantity(db(), await readCartToken(), formObject(form));
      refresh();
      // Quantity 0 removes the line.
      return cart.lines.some((l) => l.productId === form.get("productId")) ? "Quantity updated." : "Removed from your cart.";
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
