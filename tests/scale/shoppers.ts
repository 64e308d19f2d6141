// What shoppers and attackers do over HTTP against one instance: the checkout and sign-in
// server actions (as the browser posts them), and paying on the emulator's hosted page.
import { randomBytes } from "node:crypto";
import { actionHeaders, actionId, actionRequest } from "@/bench/lib/actions";
import { DIST_DIR, type Instance } from "./cluster";

import { shopperCard } from "../support/payments";
export { payOnHostedPage } from "../support/payments";

const address = {
  email: "scale@example.org",
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "New York",
  postalCode: "10001",
  country: "US",
};

/** The origin of the instance's APP_URL (tests/scale/cluster.ts): server.ts refuses actions from any other. */
const appOrigin = (instance: Instance) => `http://127.0.0.1:${instance.port}`;

export type CheckoutAnswer = { redirectUrl: string | null; body: string; status: number };

/** Posts the checkout form for the cart `cartToken` to one instance. */
export async function checkoutOn(
  instance: Instance,
  cartToken: string,
  ip: string,
  email = address.email,
): Promise<CheckoutAnswer> {
  const form = actionRequest({ ...address, email });
  const res = await fetch(`${instance.url}/checkout`, {
    method: "POST",
    headers: {
      ...actionHeaders(
        actionId(DIST_DIR, "app/(shop)/checkout/actions.ts", "checkoutAction"),
        appOrigin(instance),
        form.contentType,
        `__Host-cart=${cartToken}`,
      ),
      "X-Forwarded-For": ip,
    },
    body: form.body,
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  // A server action's redirect comes back as `x-action-redirect: <url>;<push|replace>`.
  const redirect = res.headers.get("x-action-redirect");
  return {
    redirectUrl: redirect ? redirect.replace(/;(push|replace)$/, "") : null,
    body: await res.text(),
    status: res.status,
  };
}

/** The password step of sign-in on one instance; returns the action's answer (RSC text). */
export async function signInOn(instance: Instance, email: string, password: string, ip: string): Promise<string> {
  const form = actionRequest(
    { step: "password", email, password },
    { ok: false, message: "", fields: {}, step: "password" },
  );
  const res = await fetch(`${instance.url}/signin`, {
    method: "POST",
    headers: {
      ...actionHeaders(
        actionId(DIST_DIR, "app/(shop)/signin/actions.ts", "signInAction"),
        appOrigin(instance),
        form.contentType,
      ),
      "X-Forwarded-For": ip,
    },
    body: form.body,
    signal: AbortSignal.timeout(30_000),
  });
  return res.text();
}

/** A distinct Luhn-valid Visa number per shopper: the emulator approves unknown valid numbers,
 *  and distinct cards keep the "one card on many orders" fraud rule from holding the orders. */
export function uniqueCard(n: number): string {
  // 4111…: a plain US-issued success card on the emulator (4000 00NNN… would be issued in the
  // country with ISO number NNN, and the fraud rules hold a guest whose card is foreign).
  const body = `4111${String(100_000_000 + n).padStart(11, "0")}`.slice(0, 15);
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let d = Number(body[14 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** The hosted page filled in by the shopper who checked out (their name and billing address): no fraud rule fires. */
export const testCard = (number: string) => shopperCard(address, number);

export const randomIp = () => `8.8.${randomBytes(1)[0]! % 200}.${(randomBytes(1)[0]! % 250) + 1}`;
