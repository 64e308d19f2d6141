// A payment harness for integration tests: the real emulator in-process, the official SDK
// pointed at it, and a webhook receiver that runs the store's own endpoint code
// (receiveStripeWebhook) against a test database. Events the store emits are recorded.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import { startEmulator, type EmulatorHandle } from "@/emulator/server";
import type { Db } from "@/lib/db/client";
import type { MismatchInfo, OrderEvents } from "@/lib/payments/order-events";
import { createStripe } from "@/lib/payments/stripe";
import { receiveStripeWebhook } from "@/lib/payments/webhook-endpoint";
import { presetConfigs } from "@/lib/fraud/presets";
import { validCard, type CardForm } from "../unit/emulator/helpers";

export const API_KEY = "sk_test_integration_0123456789abcdef";
export const WEBHOOK_SECRET = "whsec_integration_0123456789abcdefghij";

export type RecordedEvents = OrderEvents & {
  log: Array<{ kind: "paid" | "held" | "mismatch"; orderId: string; info?: MismatchInfo }>;
};

export function recordingEvents(): RecordedEvents {
  const log: RecordedEvents["log"] = [];
  return {
    log,
    paid: async (_db, orderId) => void log.push({ kind: "paid", orderId }),
    held: async (_db, orderId) => void log.push({ kind: "held", orderId }),
    mismatch: async (_db, info) => void log.push({ kind: "mismatch", orderId: info.orderId, info }),
  };
}

export type PaymentHarness = {
  emulator: EmulatorHandle;
  stripe: Stripe;
  events: RecordedEvents;
  responses: number[];
  /** Raw event bodies received while `process` is off. */
  captured: string[];
  /** Resolves once every event the emulator has queued has been delivered (or given up). */
  settle(): Promise<void>;
  close(): Promise<void>;
};

export async function startPayments(
  db: Db,
  options: { failFirstDeliveries?: number; process?: boolean } = {},
): Promise<PaymentHarness> {
  const events = recordingEvents();
  const responses: number[] = [];
  const captured: string[] = [];
  let failures = options.failFirstDeliveries ?? 0;
  // Assigned once the emulator's port is known; deliveries cannot arrive before that.
  const client: { stripe?: Stripe } = {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (failures > 0) {
        failures--;
        responses.push(503);
        res.writeHead(503).end();
        return;
      }
      if (options.process === false) {
        captured.push(Buffer.concat(chunks).toString("utf8"));
        responses.push(200);
        res.writeHead(200).end("{}");
        return;
      }
      const signature = typeof req.headers["stripe-signature"] === "string" ? req.headers["stripe-signature"] : null;
      void receiveStripeWebhook(
        { db, stripe: client.stripe!, secret: WEBHOOK_SECRET, events },
        { body: Buffer.concat(chunks).toString("utf8"), signature },
      ).then((r) => {
        responses.push(r.status);
        res.writeHead(r.status, { "Content-Type": "application/json" }).end(JSON.stringify(r.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`;
  const emulator = await startEmulator({
    apiKey: API_KEY,
    port: 0,
    webhookUrl,
    webhookSecret: WEBHOOK_SECRET,
    webhookRetryDelaysMs: [20, 40, 80, 160],
  });
  const stripe = createStripe(API_KEY, `http://127.0.0.1:${emulator.port}`);
  client.stripe = stripe;
  return {
    emulator,
    stripe,
    events,
    responses,
    captured,
    settle: () => emulator.webhooks.idle(),
    close: async () => {
      await emulator.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { uniqueCard } from "./cards";

// The emulator's own test helpers post the hosted form exactly as a browser does; reuse them.
export { submitPaymentForm as payOnHostedPage, validCard as testCard } from "../unit/emulator/helpers";

export type Shopper = { name: string; line1: string; city: string; postalCode: string; country: string };

/**
 * The hosted page filled in by the shopper who placed the order: their name on the card, their
 * address as billing address. Such a payment fires no fraud rule, so tests about payment
 * mechanics see it captured (the fraud rules hold mismatching payments by default).
 */
export const shopperCard = (shopper: Shopper, number: string, overrides: CardForm = {}): CardForm =>
  validCard(number, {
    cardholder_name: shopper.name,
    address_line1: shopper.line1,
    address_city: shopper.city,
    address_postal_code: shopper.postalCode,
    address_country: shopper.country,
    ...overrides,
  });

let emailCounter = 0;
export const uniqueEmail = (prefix = "shopper") => `${prefix}${++emailCounter}.${process.pid}@example.com`;

/**
 * Switches the store's fraud rules to "alert only" (the preset on /admin/rules), for suites about
 * payment mechanics whose shoppers pay with cards the rules rightly question (the emulator's
 * made-up test numbers are US-issued, whatever the shopper's country). The fraud decisions have
 * their own suites (tests/integration/fraud*.test.ts, the scenario suite).
 */
export async function alertOnly(db: Db): Promise<void> {
  for (const config of presetConfigs("alert-only", [])) {
    const data = { enabled: config.enabled, action: config.action, thresholds: JSON.stringify(config.thresholds) };
    await db.fraudRuleSetting.upsert({ where: { id: config.id }, create: { id: config.id, ...data }, update: data });
  }
  await db.fraudPolicy.upsert({
    where: { id: "store" },
    create: { id: "store", holdScore: null },
    update: { holdScore: null },
  });
}
