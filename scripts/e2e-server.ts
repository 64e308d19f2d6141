// The server the browser tests run against: the production build on a fresh SQLite file, the
// Stripe emulator on its own port, and a real SMTP sink whose received messages the tests read
// from a loopback-only JSON endpoint (GET /messages). Started by playwright.config.ts.
//
// With E2E_TLS_CERT and E2E_TLS_KEY (PEM files) it runs as a deployment behind TLS does: a TLS
// proxy (scripts/tls-proxy.ts) in front of the store at https://127.0.0.1:<port + 1>, plain http
// at <port + 2> redirecting there, and the emulator's payment page at https://127.0.0.1:<port + 12>.
// The store's SDK still calls the emulator over loopback http (STRIPE_API_URL); the browser is
// sent to the https page (STRIPE_CHECKOUT_URL = EMULATOR_PUBLIC_URL), which the CSP names.
// 127.0.0.1 rather than localhost: browsers ignore HSTS for IP addresses, so the test browser
// keeps reaching the other e2e servers on http://localhost.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { SMTPServer } from "smtp-server";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemo } from "@/lib/db/seed";
import { DEMO_PASSWORD } from "@/tests/support/demo-password";
import { ensureDevEnv } from "./dev-env";
import { startHttpsRedirect, startTlsProxy } from "./tls-proxy";

const port = Number(process.env.E2E_PORT ?? 3100);
export const ports = {
  app: port,
  appTls: port + 1,
  appRedirect: port + 2,
  emulator: port + 11,
  emulatorTls: port + 12,
  smtp: port + 25,
  mailbox: port + 26,
};
const tls =
  process.env.E2E_TLS_CERT && process.env.E2E_TLS_KEY
    ? { cert: readFileSync(process.env.E2E_TLS_CERT), key: readFileSync(process.env.E2E_TLS_KEY) }
    : null;
const appUrl = tls ? `https://127.0.0.1:${ports.appTls}` : `http://localhost:${port}`;
const emulatorUrl = `http://127.0.0.1:${ports.emulator}`;
const paymentPageUrl = tls ? `https://127.0.0.1:${ports.emulatorTls}` : emulatorUrl;
if (tls) {
  await startTlsProxy({ ...tls, port: ports.appTls, targetPort: ports.app });
  await startHttpsRedirect({ port: ports.appRedirect, httpsPort: ports.appTls });
  await startTlsProxy({ ...tls, port: ports.emulatorTls, targetPort: ports.emulator });
}

const dbFile = `.data/e2e-${port}.db`;
for (const suffix of ["", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
rmSync(`.data/e2e-${port}.log`, { force: true });
// Uploaded product pictures (tests/e2e/product-images.spec.ts reads them here).
const imagesDir = `.data/e2e-${port}-images`;
rmSync(imagesDir, { recursive: true, force: true });
const databaseUrl = `file:./${dbFile}`;
await migrate(databaseUrl);
const db = createDb(databaseUrl);
await seedDemo(db, { demoPassword: DEMO_PASSWORD });
await db.$disconnect();

type Received = { to: string[]; from: string; raw: string; receivedAt: string };
const messages: Received[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      messages.push({
        to: session.envelope.rcptTo.map((r) => r.address),
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        raw: Buffer.concat(chunks).toString("utf8"),
        receivedAt: new Date().toISOString(),
      });
      callback();
    });
  },
});
smtp.listen(ports.smtp, "127.0.0.1");
createServer((req, res) => {
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(req.url === "/messages" ? messages : []));
}).listen(ports.mailbox, "127.0.0.1");

// E2E_LIKE_NPM_START=1 (the "direct" instance in playwright.config.ts): the settings `npm start`
// generates decide how the client address is found (no proxy in front), and emails go to the
// outbox as they do there; the attack suite checks that such a demo cannot be taken over.
const likeNpmStart = process.env.E2E_LIKE_NPM_START === "1";
const npmStartEnv = likeNpmStart ? generatedDevEnv() : null;

function generatedDevEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "store-dev-env-"));
  try {
    ensureDevEnv(join(dir, ".env.local"));
    return parseEnv(readFileSync(join(dir, ".env.local"), "utf8")) as Record<string, string>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const secret = (n: number) => randomBytes(n).toString("base64url");
const env = {
  ...process.env,
  NODE_ENV: "production" as const,
  NEXT_TELEMETRY_DISABLED: "1",
  DEMO_MODE: "1",
  APP_URL: appUrl,
  DATABASE_URL: databaseUrl,
  PRODUCT_IMAGES_DIR: imagesDir,
  AUTH_SECRET: secret(48),
  DATA_ENCRYPTION_KEYS: `1:${randomBytes(32).toString("base64")}`,
  AUDIT_HMAC_KEYS: `1:${randomBytes(32).toString("base64")}`,
  STRIPE_SECRET_KEY: `sk_test_e2e_${secret(16)}`,
  STRIPE_WEBHOOK_SECRET: `whsec_${secret(24)}`,
  STRIPE_API_URL: emulatorUrl,
  STRIPE_CHECKOUT_URL: paymentPageUrl,
  // The tests act as the one proxy in front and present each client's address (X-Forwarded-For).
  TRUSTED_PROXY_HOPS: npmStartEnv?.TRUSTED_PROXY_HOPS ?? "1",
  // The browser suites are one client playing many shoppers from one address: room for them,
  // while the per-cart limit and the store-wide ceiling keep their defaults.
  CHECKOUT_LIMITS: process.env.E2E_CHECKOUT_LIMITS ?? "address=500/15m,network=500/15m,email=500/1h,account=500/1h",
  ...(likeNpmStart ? {} : { SMTP_URL: `smtp://127.0.0.1:${ports.smtp}` }),
  ...(process.env.E2E_ADMIN_ALLOWED_NETWORKS ? { ADMIN_ALLOWED_NETWORKS: process.env.E2E_ADMIN_ALLOWED_NETWORKS } : {}),
  // Next fetches a server action's redirect target through the public URL: trust the test certificate.
  ...(tls ? { NODE_EXTRA_CA_CERTS: process.env.E2E_TLS_CERT } : {}),
};

const children: ChildProcess[] = [
  spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], {
    stdio: "inherit",
    env: {
      ...env,
      EMULATOR_PORT: String(ports.emulator),
      EMULATOR_API_KEY: env.STRIPE_SECRET_KEY,
      EMULATOR_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET,
      // To the store over loopback http, past any TLS proxy: the emulator need not trust its certificate.
      EMULATOR_WEBHOOK_URL: `http://localhost:${port}/api/webhooks/stripe`,
      EMULATOR_FINGERPRINT_KEY: secret(24),
      EMULATOR_PUBLIC_URL: paymentPageUrl,
    },
  }),
  spawn(process.execPath, ["--import", "tsx", "server.ts", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  }),
];
// The store's own output is kept in a file as well: tests/e2e/no-card-data.spec.ts scans it.
const storeLog = createWriteStream(`.data/e2e-${port}.log`);
const store = children[1]!;
for (const [stream, out] of [
  [store.stdout, process.stdout],
  [store.stderr, process.stderr],
] as const) {
  stream?.on("data", (chunk: Buffer) => {
    out.write(chunk);
    storeLog.write(chunk);
  });
}
const stop = () => {
  for (const c of children) c.kill("SIGTERM");
  smtp.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
