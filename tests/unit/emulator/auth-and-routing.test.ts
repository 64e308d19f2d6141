import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { API_KEY, sessionParams, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

describe("authentication and routing", () => {
  it("rejects another key with Stripe's 401 shape, which the SDK throws as StripeAuthenticationError", async () => {
    const wrong = new Stripe("sk_test_someone_elses_key_9999", {
      host: "127.0.0.1",
      port: t.emulator.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    const error = await wrong.checkout.sessions.create(sessionParams()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error).toMatchObject({
      statusCode: 401,
      rawType: "invalid_request_error",
    });
    expect((error as Error).message).toMatch(/^Invalid API Key provided: sk_test_\*+9999$/);

    const raw = await fetch(`${t.emulator.url}/v1/payment_intents/pi_123`);
    expect(raw.status).toBe(401);
    const body = (await raw.json()) as {
      error: { type: string; message: string };
    };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("You did not provide an API key");
  });

  it("accepts the key as Basic auth user name, like curl -u", async () => {
    const response = await fetch(`${t.emulator.url}/v1/events?limit=1`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString("base64")}`,
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^req_/);
  });

  it("keeps /_emulator controls behind the key, except health", async () => {
    expect((await fetch(`${t.emulator.url}/_emulator/health`)).status).toBe(200);
    expect((await fetch(`${t.emulator.url}/_emulator/events`)).status).toBe(401);
    expect(
      (
        await fetch(`${t.emulator.url}/_emulator/clock/advance`, {
          method: "POST",
          body: "seconds=1",
        })
      ).status,
    ).toBe(401);
  });

  it("answers unknown URLs with Stripe's 404 and unknown ids with resource_missing", async () => {
    const response = await fetch(`${t.emulator.url}/v1/customers`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      "Unrecognized request URL (GET: /v1/customers)",
    );
    for (const call of [
      () => t.stripe.paymentIntents.retrieve("pi_missing"),
      () => t.stripe.charges.retrieve("ch_missing"),
      () => t.stripe.paymentMethods.retrieve("pm_missing"),
      () => t.stripe.refunds.retrieve("re_missing"),
      () => t.stripe.events.retrieve("evt_missing"),
    ]) {
      await expect(call()).rejects.toMatchObject({
        statusCode: 404,
        code: "resource_missing",
      });
    }
  });

  it("refuses to start with a live key or a webhook URL without a secret", async () => {
    await expect(startEmulator({ apiKey: "sk_live_123" })).rejects.toThrow(/test-mode key/);
    await expect(startEmulator({ apiKey: API_KEY, webhookUrl: "http://127.0.0.1:1/hook" })).rejects.toThrow(
      /webhookSecret/,
    );
  });
});
