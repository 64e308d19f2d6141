"use server";
import { refresh } from "next/cache";
import { db } from "@/lib/db";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { addToCart, removeFromCart, setCartQuantity } from "@/lib/cart/cart";
import { readCartToken, writeCartToken } from "@/lib/cart/cookie";

export async function addToCartAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { token } = await addToCart(db(), await readCartToken(), formObject(form));
    await writeCartToken(token);
    return "Added to your cart.";
  });
}

export async function updateCartLineAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await setCartQuantity(db(), await readCartToken(), formObject(form));
    refresh();
    return "Quantity updated.";
  });
}

export async function removeCartLineAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await removeFromCart(db(), await readCartToken(), formObject(form));
    refresh();
    return "Removed from your cart.";
  });
}
