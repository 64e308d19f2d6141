import "server-only";
import { cookies } from "next/headers";
import { isProduction } from "@/lib/env";

// The browser that paid keeps the order's capability (lib/orders/guest-link.ts) in an httpOnly
// cookie, so the return page can show that order without trusting any query parameter.
const name = () => (isProduction() ? "__Host-last-order" : "last-order");

export async function rememberOrder(capability: string): Promise<void> {
  (await cookies()).set(name(), capability, {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    maxAge: 60 * 60 * 24 * 7,
  });
}

export async function rememberedOrder(): Promise<string | undefined> {
  return (await cookies()).get(name())?.value;
}
