import "server-only";
import { cookies } from "next/headers";
import { isProduction } from "@/lib/env";

// The cart cookie holds only an opaque random token. In production it takes the __Host- prefix,
// which browsers accept only with Secure, Path=/ and no Domain: no subdomain can plant one.
const cartCookieName = () => (isProduction() ? "__Host-cart" : "cart");

const NINETY_DAYS = 60 * 60 * 24 * 90;

export async function readCartToken(): Promise<string | undefined> {
  return (await cookies()).get(cartCookieName())?.value;
}

export async function writeCartToken(token: string): Promise<void> {
  (await cookies()).set(cartCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    maxAge: NINETY_DAYS,
  });
}
