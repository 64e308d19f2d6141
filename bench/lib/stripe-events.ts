// Stripe-shaped webhook deliveries signed exactly as Stripe signs them: header
// `t=<unix seconds>,v1=<HMAC-SHA256(secret, "<t>.<raw body>")>`.
import { createHmac } from "node:crypto";

export function signPayload(secret: string, body: string, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac("sha256", secret).update(`${at}.${body}`).digest("hex")}`;
}

/** A `checkout.session.expired` event for an order (the store releases its stock once). */
export function sessionExpiredEvent(eventId: string, orderId: string): string {
  return JSON.stringify({
    id: eventId,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "checkout.session.expired",
    data: {
      object: {
        id: `cs_test_bench_${orderId}`,
        object: "checkout.session",
        client_reference_id: orderId,
        metadata: { orderId },
        payment_intent: null,
        status: "expired",
      },
    },
  });
}
