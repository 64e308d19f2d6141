// Every state change becomes an Event in Stripe's envelope, stored for GET /v1/events/:id and
// handed to the webhook dispatcher.
import { newId } from "./ids";
import type { Clock } from "./clock";
import type { ApiRouter, RequestInfo } from "./context";
import { optionalInteger, optionalString } from "./params";
import type { Store } from "./store";
import type { StripeEvent, StripeObject } from "./types";

export type EventType =
  | "checkout.session.completed"
  | "checkout.session.expired"
  | "payment_intent.amount_capturable_updated"
  | "payment_intent.payment_failed"
  | "payment_intent.succeeded"
  | "payment_intent.canceled"
  | "charge.captured"
  | "charge.refunded"
  | "refund.created"
  | "refund.updated"
  | "refund.failed"
  | "charge.dispute.created"
  | "charge.dispute.updated"
  | "charge.dispute.closed"
  | "radar.early_fraud_warning.created";

export type EventSink = (event: StripeEvent) => void;

export class EventLog {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly apiVersion: string,
    private readonly sink: EventSink,
    /** Whether a webhook endpoint is configured, for pending_webhooks. */
    private readonly hasEndpoint: () => boolean,
  ) {}

  emit(
    type: EventType,
    object: StripeObject,
    request: RequestInfo,
    previousAttributes?: Record<string, unknown>,
  ): StripeEvent {
    const event: StripeEvent = {
      id: newId("evt"),
      object: "event",
      api_version: this.apiVersion,
      created: this.clock.now(),
      // A snapshot: later changes to the object must not rewrite history.
      data: previousAttributes
        ? {
            object: structuredClone(object),
            previous_attributes: structuredClone(previousAttributes),
          }
        : { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: this.hasEndpoint() ? 1 : 0,
      request: { id: request.id, idempotency_key: request.idempotencyKey },
      type,
    };
    this.store.events.set(event.id, event);
    this.sink(event);
    return event;
  }

  /** Newest first, like GET /v1/events. */
  list(filter: { type?: string; limit: number; startingAfter?: string }): {
    data: StripeEvent[];
    hasMore: boolean;
  } {
    let all = [...this.store.events.values()].reverse();
    if (filter.type) {
      const type = filter.type;
      const matches = type.endsWith(".*") ? (t: string) => t.startsWith(type.slice(0, -1)) : (t: string) => t === type;
      all = all.filter((e) => matches(e.type));
    }
    if (filter.startingAfter) {
      const index = all.findIndex((e) => e.id === filter.startingAfter);
      all = index === -1 ? [] : all.slice(index + 1);
    }
    return {
      data: all.slice(0, filter.limit),
      hasMore: all.length > filter.limit,
    };
  }
}

export function registerEventRoutes(router: ApiRouter): void {
  router
    .add("GET", "/v1/events/:id", ({ em, path }) => em.store.event(path.id ?? ""))
    .add("GET", "/v1/events", ({ em, params }) => {
      const limit = Math.min(optionalInteger(params, "limit", "", 1) ?? 10, 100);
      const page = em.events.list({
        type: optionalString(params, "type"),
        limit,
        startingAfter: optionalString(params, "starting_after"),
      });
      return {
        object: "list",
        data: page.data,
        has_more: page.hasMore,
        url: "/v1/events",
      };
    });
}
