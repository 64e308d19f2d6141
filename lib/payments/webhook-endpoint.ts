import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import type { OrderEvents } from "./order-events";
import { processStripeEvent } from "./webhooks";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "webhook" });

const MAX_WEBHOOK_BODY_BYTES = 512 * 1024;

export type EndpointResponse = { status: number; body: Record<string, unknown> };

/**
 * Everything POST /api/webhooks/stripe does, as a function of the raw body: verify the
 * signature (HMAC over the exact bytes, timestamps older than 5 minutes refused) before reading
 * anything, then apply the event once. 400 for a bad request or signature, 500 so the provider
 * retries when processing failed, 200 otherwise.
 */
export type WebhookEndpoint = { db: Db; stripe: Stripe; secret: string; events?: OrderEvents };

export type WebhookRequest = { body: string; signature: string | null };

export async function receiveStripeWebhook(
  { db, stripe, secret, events }: WebhookEndpoint,
  { body, signature }: WebhookRequest,
): Promise<EndpointResponse> {
  if (!signature || Buffer.byteLength(body) > MAX_WEBHOOK_BODY_BYTES)
    return { status: 400, body: { error: "invalid request" } };
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, secret);
  } catch {
    log.warn("refused: bad or stale signature");
    return { status: 400, body: { error: "invalid signature" } };
  }
  try {
    const result = await processStripeEvent(db, stripe, event, events);
    log.info(
      { eventType: event.type, eventId: event.id, status: result.status, detail: result.detail },
      "event handled",
    );
    return { status: 200, body: { received: true, status: result.status } };
  } catch (error) {
    log.error({ eventType: event.type, eventId: event.id, err: error }, "processing failed; the provider will retry");
    return { status: 500, body: { error: "processing failed" } };
  }
}
