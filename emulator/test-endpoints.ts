// /_emulator/* — controls that exist only in the emulator: health, the test clock, event and
// webhook-delivery inspection, dispute outcomes and early fraud warnings. All but health need the API key.
import type { ApiRouter } from "./context";
import { invalidRequest } from "./errors";
import { DISPUTE_REASONS, DISPUTE_STATUSES, moveDispute, openDispute, OPENING_STATUSES } from "./disputes";
import { raiseOnDemand } from "./early-fraud-warnings";
import { settleRefund } from "./refunds";
import { advanceClock } from "./lifecycle";
import { optionalEnum, optionalInteger, optionalString, requiredString } from "./params";

export const PUBLIC_PATHS = new Set(["/_emulator/health"]);

export function registerTestEndpoints(router: ApiRouter): void {
  router
    .add("GET", "/_emulator/health", ({ em }) => ({
      status: "ok",
      now: em.clock.now(),
    }))
    .add("GET", "/_emulator/clock", ({ em }) => ({ now: em.clock.now() }))
    .add("POST", "/_emulator/clock/advance", ({ em, params }) => {
      const raw = requiredString(params, "seconds");
      const seconds = Number(raw);
      if (!Number.isFinite(seconds) || seconds < 0)
        throw invalidRequest("seconds must be a non-negative number.", {
          param: "seconds",
        });
      return { now: advanceClock(em, seconds) };
    })
    .add("GET", "/_emulator/events", ({ em, params }) => {
      const type = optionalString(params, "type");
      const data = [...em.store.events.values()]
        .filter((event) => !type || event.type === type)
        .map((event) => ({
          id: event.id,
          type: event.type,
          created: event.created,
          object_id: event.data.object.id,
          delivery: em.webhooks.delivery(event.id) ?? null,
        }));
      return {
        object: "list",
        data,
        webhook_url: em.webhooks.endpoint ?? null,
        pending_deliveries: em.webhooks.pending(),
      };
    })
    // Long-polls until every queued webhook is delivered or has failed for good (for e2e tests).
    .add("GET", "/_emulator/webhooks/idle", async ({ em, params }) => {
      const timeoutMs = optionalInteger(params, "timeout_ms", "", 0) ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
      const stillPending = await Promise.race([em.webhooks.idle().then(() => false), timedOut]);
      clearTimeout(timer);
      if (stillPending)
        throw invalidRequest(`Webhook deliveries still pending after ${timeoutMs} ms.`, { status: 408 });
      return { idle: true, pending_deliveries: 0 };
    })
    .add("POST", "/_emulator/disputes/:id/close", ({ em, request, path, params }) => {
      const status = optionalEnum(params, "status", ["won", "lost", "warning_closed", "prevented"] as const);
      if (!status)
        throw invalidRequest("status must be won, lost, warning_closed or prevented.", {
          code: "parameter_missing",
          param: "status",
        });
      return moveDispute(em, request, em.store.dispute(path.id ?? ""), status);
    })
    // Any move Stripe's lifecycle allows (emulator/disputes.ts DISPUTE_MOVES): under review,
    // prevented, an inquiry escalated, an appeal and its outcome.
    .add("POST", "/_emulator/disputes/:id/status", ({ em, request, path, params }) => {
      const status = optionalEnum(params, "status", DISPUTE_STATUSES);
      if (!status)
        throw invalidRequest(`status must be one of ${DISPUTE_STATUSES.join(", ")}.`, {
          code: "parameter_missing",
          param: "status",
        });
      return moveDispute(em, request, em.store.dispute(path.id ?? ""), status);
    })
    // Settles a pending refund now (or fails it), as Stripe's bank eventually does.
    .add("POST", "/_emulator/refunds/:id/settle", ({ em, request, path, params }) => {
      const status = optionalEnum(params, "status", ["succeeded", "failed"] as const);
      return settleRefund(em, request, em.store.refund(path.id ?? ""), status);
    })
    .add("POST", "/_emulator/charges/:id/dispute", ({ em, request, path, params }) => {
      const reason = optionalEnum(params, "reason", DISPUTE_REASONS) ?? "fraudulent";
      const status = optionalEnum(params, "status", OPENING_STATUSES) ?? "needs_response";
      return openDispute(em, request, em.store.charge(path.id ?? ""), {
        reason,
        status,
      });
    })
    // An early fraud warning on any succeeded charge (the test card 4000 0000 0000 5423 raises
    // one by itself once its payment is captured).
    .add("POST", "/_emulator/charges/:id/early_fraud_warning", ({ em, request, path, params }) =>
      raiseOnDemand(em, request, path.id ?? "", params),
    );
}
