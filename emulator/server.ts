// startEmulator(): the whole emulator in one node:http server — the Stripe-compatible API under
// /v1, the hosted payment page under /c/pay, and test controls under /_emulator.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { handleApi } from "./api";
import { registerChargeRoutes } from "./charges";
import { registerSessionRoutes } from "./checkout-sessions";
import { Clock } from "./clock";
import type { ApiHandler, Emulator } from "./context";
import { registerDisputeRoutes } from "./disputes";
import { registerEarlyFraudWarningRoutes } from "./early-fraud-warnings";
import { EventLog, registerEventRoutes } from "./events";
import { handleHostedPage } from "./hosted-page-routes";
import { sendJson } from "./http";
import { IdempotencyCache } from "./idempotency";
import { newId } from "./ids";
import { advanceClock } from "./lifecycle";
import { registerPaymentIntentRoutes } from "./payment-intents";
import { registerPaymentMethodRoutes } from "./payment-methods";
import { registerRefundRoutes } from "./refunds";
import { registerShippingRateRoutes } from "./shipping-rates";
import { registerTaxRateRoutes } from "./tax-rates";
import { Router } from "./router";
import { Store } from "./store";
import { PUBLIC_PATHS, registerTestEndpoints } from "./test-endpoints";
import { DEFAULT_RETRY_DELAYS_MS, WebhookDispatcher, type Delivery } from "./webhooks";

export interface EmulatorOptions {
  /** The secret key clients must send (Bearer). Test-mode keys only. */
  apiKey: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Origin used in hosted-page URLs; default http://localhost:<port>. */
  publicUrl?: string;
  /** Where events are POSTed; no delivery when unset. */
  webhookUrl?: string;
  /** whsec_… used to sign deliveries; required with webhookUrl. */
  webhookSecret?: string;
  /** HMAC key for card fingerprints; default derived from apiKey. */
  fingerprintKey?: string;
  /** Wait before each retry of a failed delivery; its length + 1 is the attempt count. */
  webhookRetryDelaysMs?: number[];
  /** Per-attempt timeout; default 10 s. */
  webhookTimeoutMs?: number;
  /** Request and delivery log lines (never bodies); default silent. */
  log?: (line: string) => void;
}

export interface EmulatorHandle {
  url: string;
  port: number;
  close(): Promise<void>;
  clock: { now(): number; advance(seconds: number): number };
  webhooks: {
    idle(): Promise<void>;
    pending(): number;
    deliveries(): Delivery[];
  };
}

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export async function startEmulator(options: EmulatorOptions): Promise<EmulatorHandle> {
  if (!/^(sk|rk)_test_\S+$/.test(options.apiKey))
    throw new Error("apiKey must be a test-mode key (sk_test_… or rk_test_…)");
  if (options.webhookUrl && !options.webhookSecret?.startsWith("whsec_"))
    throw new Error("webhookSecret (whsec_…) is required with webhookUrl");
  const log = options.log ?? (() => undefined);

  const store = new Store();
  const clock = new Clock();
  const webhooks = new WebhookDispatcher({
    url: options.webhookUrl,
    secret: options.webhookSecret,
    retryDelaysMs: options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    onDelivered: (eventId) => {
      const event = store.events.get(eventId);
      if (event) event.pending_webhooks = 0;
    },
    log,
  });
  const events = new EventLog(
    store,
    clock,
    Stripe.API_VERSION,
    (event) => webhooks.enqueue(event),
    () => webhooks.endpoint !== undefined,
  );
  const em: Emulator = {
    store,
    clock,
    events,
    webhooks,
    publicUrl: "",
    fingerprintKey:
      options.fingerprintKey ??
      createHmac("sha256", "stripe-emulator-fingerprint").update(options.apiKey).digest("hex"),
    apiVersion: Stripe.API_VERSION,
  };

  const router = new Router<ApiHandler>();
  for (const register of [
    registerSessionRoutes,
    registerPaymentIntentRoutes,
    registerPaymentMethodRoutes,
    registerChargeRoutes,
    registerRefundRoutes,
    registerTaxRateRoutes,
    registerShippingRateRoutes,
    registerDisputeRoutes,
    registerEarlyFraudWarningRoutes,
    registerEventRoutes,
    registerTestEndpoints,
  ]) {
    register(router);
  }
  const apiDeps = {
    em,
    router,
    apiKey: options.apiKey,
    publicPaths: PUBLIC_PATHS,
    idempotency: new IdempotencyCache(clock),
    log,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const requestId = newId("req", 14);
    if (url.pathname.startsWith("/v1/") || url.pathname.startsWith("/_emulator/"))
      return handleApi(apiDeps, req, res, url, requestId);
    const page = /^\/c\/pay\/([^/]+)$/.exec(url.pathname);
    if (page?.[1]) {
      await handleHostedPage(em, req, res, safeDecode(page[1]), requestId);
      log(`${req.method} /c/pay/… → ${res.statusCode}`);
      return;
    }
    sendJson(res, 404, {
      error: {
        type: "invalid_request_error",
        message: `Unrecognized request URL (${req.method}: ${url.pathname}).`,
      },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`unhandled error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent)
        sendJson(res, 500, {
          error: {
            type: "api_error",
            message: "An unexpected error occurred in the Stripe emulator.",
          },
        });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = !options.host || options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  em.publicUrl = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, "");

  return {
    url,
    port,
    async close() {
      await webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    clock: {
      now: () => clock.now(),
      advance: (seconds) => advanceClock(em, seconds),
    },
    webhooks: {
      idle: () => webhooks.idle(),
      pending: () => webhooks.pending(),
      deliveries: () => webhooks.deliveries(),
    },
  };
}
