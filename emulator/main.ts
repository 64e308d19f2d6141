// `npx tsx emulator/main.ts` — the local Stripe emulator as a process, configured from env.
// A development and test tool only: real deployments talk to Stripe.
import { logger } from "../lib/logging/logger";
import { startEmulator } from "./server";

const log = logger.child({ component: "stripe-emulator" });

function fail(message: string): never {
  log.fatal(message);
  process.exit(1);
}

const env = process.env;
const port = Number(env.EMULATOR_PORT ?? "12111");
if (!Number.isInteger(port) || port < 0 || port > 65535) fail("EMULATOR_PORT must be a port number");
const apiKey = env.EMULATOR_API_KEY ?? "";
if (apiKey.includes("_live_")) fail("EMULATOR_API_KEY is a live key; the emulator only accepts test keys (sk_test_…)");
if (!/^(sk|rk)_test_\S+$/.test(apiKey))
  fail("EMULATOR_API_KEY must be set to a test secret key (sk_test_…), the one the store sends");
const webhookUrl = env.EMULATOR_WEBHOOK_URL || undefined;
const webhookSecret = env.EMULATOR_WEBHOOK_SECRET || undefined;
if (webhookUrl && !webhookSecret?.startsWith("whsec_"))
  fail("EMULATOR_WEBHOOK_SECRET (whsec_…) is required when EMULATOR_WEBHOOK_URL is set");

const emulator = await startEmulator({
  apiKey,
  port,
  host: env.EMULATOR_HOST || "127.0.0.1",
  publicUrl: env.EMULATOR_PUBLIC_URL || `http://localhost:${port}`,
  webhookUrl,
  webhookSecret,
  fingerprintKey: env.EMULATOR_FINGERPRINT_KEY || undefined,
  log: (line) => log.info(line),
}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

log.info(
  `listening on ${emulator.url}${webhookUrl ? `, delivering webhooks to ${webhookUrl}` : " (no EMULATOR_WEBHOOK_URL: events are stored, not delivered)"}`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
