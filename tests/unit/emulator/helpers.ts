// Shared fixtures for the emulator tests: an in-process emulator with an SDK client, the
// hosted-page form posted with fetch, and a webhook receiver that records what it gets.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "@/emulator/server";

export const API_KEY = "sk_test_emulator_unit_tests_0123456789";
export const WEBHOOK_SECRET = "whsec_emulator_unit_tests_abcdefghijklmnop";

export interface TestEmulator {
  emulator: EmulatorHandle;
  stripe: Stripe;
  close(): Promise<void>;
}

export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({
    apiKey: API_KEY,
    port: 0,
    webhookRetryDelaysMs: [20, 40, 80],
    ...options,
  });
  const stripe = new Stripe(API_KEY, {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  return { emulator, stripe, close: () => emulator.close() };
}

export function sessionParams(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    line_items: [
      {
        price_data: {
          currency: "usd",
          unit_amount: 1250,
          product_data: { name: "Ceramic mug" },
        },
        quantity: 2,
      },
      {
        price_data: {
          currency: "usd",
          unit_amount: 500,
          product_data: { name: "Tea <sampler>" },
        },
        quantity: 1,
      },
    ],
    success_url: "http://shop.test/checkout/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://shop.test/cart",
    customer_email: "shopper@example.com",
    client_reference_id: "order_123",
    metadata: { orderId: "order_123" },
    payment_intent_data: {
      capture_method: "manual",
      metadata: { orderId: "order_123" },
    },
    ...overrides,
  };
}

export interface CardForm {
  email?: string;
  card_number?: string;
  card_expiry?: string;
  card_cvc?: string;
  cardholder_name?: string;
  address_line1?: string;
  address_city?: string;
  address_postal_code?: string;
  address_country?: string;
}

export const validCard = (number: string, overrides: CardForm = {}): CardForm => ({
  email: "shopper@example.com",
  card_number: number,
  card_expiry: "12 / 34",
  card_cvc: "123",
  cardholder_name: "Ada Lovelace",
  address_line1: "1 Analytical Way",
  address_city: "London",
  address_postal_code: "N1 9GU",
  address_country: "GB",
  ...overrides,
});

export interface PageResponse {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

/** Submits the hosted payment form like a browser would, without following the redirect. */
export async function submitPaymentForm(sessionUrl: string, form: CardForm): Promise<PageResponse> {
  const response = await fetch(sessionUrl.replace("http://localhost:", "http://127.0.0.1:"), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form as Record<string, string>).toString(),
    redirect: "manual",
  });
  return {
    status: response.status,
    location: response.headers.get("location"),
    html: await response.text(),
    headers: response.headers,
  };
}

export async function getPaymentPage(sessionUrl: string): Promise<PageResponse> {
  const response = await fetch(sessionUrl.replace("http://localhost:", "http://127.0.0.1:"));
  return {
    status: response.status,
    location: null,
    html: await response.text(),
    headers: response.headers,
  };
}

/** Creates a session and pays it with `cardNumber`; returns the session id and the page response. */
export async function payNewSession(
  stripe: Stripe,
  cardNumber: string,
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
) {
  const session = await stripe.checkout.sessions.create(sessionParams(overrides));
  const page = await submitPaymentForm(session.url ?? "", validCard(cardNumber));
  return { sessionId: session.id, page };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Number of requests answered so far, including failures. */
  hits(): number;
  close(): Promise<void>;
}

/** Answers the first `failFirst` requests with 500, every later one with 200. */
export async function startWebhookReceiver(failFirst = 0): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let hits = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      hits += 1;
      if (hits <= failFirst) {
        res.writeHead(500).end("not yet");
        return;
      }
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const typesOf = (webhooks: ReceivedWebhook[]): string[] =>
  webhooks.map((w) => (JSON.parse(w.body) as { type: string }).type);
