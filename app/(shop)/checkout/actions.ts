"use server";
import { redirect } from "next/navigation";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { currentUser } from "@/lib/auth/current-user";
import { readCartToken } from "@/lib/cart/cookie";
import { rememberedOrder, rememberOrder } from "@/lib/checkout/cookie";
import { cancelCheckout } from "@/lib/checkout/cancel-checkout";
import { checkoutBreakerOpen, checkoutChallengeGate, checkoutLimits } from "@/lib/checkout/limits";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { requestContext } from "@/lib/http/request-context";
import { UNKNOWN_CLIENT_IP } from "@/lib/net/client-ip";
import { orderCapability, verifyOrderCapability } from "@/lib/orders/guest-link";
import { stripe } from "@/lib/payments/stripe";
import { CHALLENGE_FIELD } from "@/lib/shield/checkout-challenge";

const stringField = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : null;
};

export async function checkoutAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  let destination = "";
  const state = await runAction(async () => {
    const [user, request, cartToken] = await Promise.all([currentUser(), requestContext(), readCartToken()]);
    // A checkout this browser left unfinished holds stock: release it before reserving again.
    const previous = verifyOrderCapability(env().AUTH_SECRET, await rememberedOrder());
    if (previous) await cancelCheckout(db(), stripe(), previous);
    const started = await startCheckout(
      db(),
      stripe(),
      {
        cartToken,
        userId: user?.id ?? null,
        ip: request.ip === UNKNOWN_CLIENT_IP ? null : request.ip,
        ipCountry: request.country,
        appUrl: env().APP_URL,
        limits: checkoutLimits(),
        breakerOpen: checkoutBreakerOpen,
        challenge: { gate: checkoutChallengeGate(), solution: stringField(form, CHALLENGE_FIELD) },
        freeShippingMinCents: env().FREE_SHIPPING_MIN_CENTS,
      },
      formObject(form),
    );
    await rememberOrder(orderCapability(env().AUTH_SECRET, started.orderId));
    destination = started.redirectUrl;
    return "Redirecting to the secure payment page…";
  }, form);
  if (state.ok) redirect(destination);
  return state;
}

/** "Back to my cart" after cancelling on the payment page: closes the session and frees the stock. */
export async function abandonCheckoutAction(): Promise<void> {
  const orderId = verifyOrderCapability(env().AUTH_SECRET, await rememberedOrder());
  if (orderId) await cancelCheckout(db(), stripe(), orderId);
  redirect("/cart");
}
