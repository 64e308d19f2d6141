import "server-only";
import { createHmac } from "node:crypto";
import { safeEqual } from "@/lib/security/tokens";

// A guest reads an order only through an unguessable link: the order id plus an HMAC of it
// under the server's secret. Nothing extra is stored, the link cannot be forged without the
// secret, and the same capability lets the browser that paid see its order on the return page.

const CAPABILITY = /^([a-z0-9]{20,32})\.([A-Za-z0-9_-]{43})$/;

function sign(secret: string, orderId: string): string {
  return createHmac("sha256", secret).update(`order-link:v1:${orderId}`).digest("base64url");
}

export function orderCapability(secret: string, orderId: string): string {
  return `${orderId}.${sign(secret, orderId)}`;
}

/** Returns the order id a capability grants, or null for anything forged or malformed. */
export function verifyOrderCapability(secret: string, capability: string | undefined): string | null {
  const match = capability ? CAPABILITY.exec(capability) : null;
  if (!match) return null;
  const [, orderId, signature] = match;
  return safeEqual(signature!, sign(secret, orderId!)) ? orderId! : null;
}
