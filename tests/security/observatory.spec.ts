import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { DEMO_PASSWORD, enableTwoFactor, signIn } from "../e2e/support/auth";
import { acknowledgePolicy } from "../e2e/support/admin";
import { buy } from "./support/shop";

// The store behind TLS, demo included, scored by MDN HTTP Observatory's own scanner
// (@mdn/mdn-http-observatory, through tests/security/support/observatory-scan.ts): a fresh
// self-signed certificate, scripts/e2e-server.ts in its TLS mode (a Node TLS proxy in front of
// the production build, plain http redirecting to it, the emulator's payment page on https
// too), then /, a product page, /account and /admin (signed in, as their owners see them) must
// each score at least 100 (A+) with every Observatory test passing.
//
// Ports: this instance's own set, 30 above E2E_PORT (+30 store, +31 https, +32 http redirect,
// +41 emulator, +42 its https page, +55/+56 mail), clear of tests/e2e (+0) and this suite (+50).

const base = Number(process.env.E2E_PORT ?? 3100) + 30;
const ports = { store: base, https: base + 1, http: base + 2, paymentPage: base + 12 };
const APP = `https://127.0.0.1:${ports.https}`;
const PAYMENT_PAGE = `https://127.0.0.1:${ports.paymentPage}`;

type ObservatoryTest = { result: string; pass: boolean; scoreModifier: number };
type Observatory = { score: number; grade: string; statusCode: number; tests: Record<string, ObservatoryTest> };

let dir = "";
let cert = "";
let server: ChildProcess | undefined;
let serverLog = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), "store-tls-"));
  cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  server = spawn(process.execPath, ["--import", "tsx", "scripts/e2e-server.ts"], {
    env: { ...process.env, E2E_PORT: String(base), E2E_TLS_CERT: cert, E2E_TLS_KEY: key },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [server.stdout, server.stderr])
    stream?.on("data", (chunk: Buffer) => (serverLog = (serverLog + chunk.toString()).slice(-20_000)));
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${ports.store}/api/health`).then(
          (r) => r.status,
          () => 0,
        ),
      { message: "the TLS instance starts", timeout: 150_000, intervals: [500] },
    )
    .toBe(200);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach("tls-instance.log", { body: serverLog, contentType: "text/plain" });
});

/** Scans https://127.0.0.1:<port><path> (and its http redirect) in a process that trusts the test certificate. */
async function observatory(path: string, cookie?: string): Promise<Observatory> {
  const options = {
    host: "127.0.0.1",
    httpsPort: ports.https,
    httpPort: ports.http,
    path,
    headers: [
      "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      ...(cookie ? [`Cookie: ${cookie}`] : []),
    ],
  };
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "tests/security/support/observatory-scan.ts", JSON.stringify(options)],
    {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: cert, ABORT_TIMEOUT: "60000", CLIENT_TIMEOUT: "50000" },
      encoding: "utf8",
    },
  );
  return JSON.parse(stdout) as Observatory;
}

const cookieHeader = async (context: BrowserContext) =>
  (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
const overTls = (browser: Browser) => browser.newContext({ baseURL: APP, ignoreHTTPSErrors: true });

test("behind TLS, /, a product page, /account and /admin score A+ (≥ 100) on MDN HTTP Observatory's own scan", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const shopper = await overTls(browser);
  await signIn(await shopper.newPage(), "shopper@example.com", DEMO_PASSWORD);
  const staff = await overTls(browser);
  const admin = await staff.newPage();
  await signIn(admin, "admin@example.com", DEMO_PASSWORD);
  await enableTwoFactor(admin);
  await acknowledgePolicy(admin);
  await expect(admin.getByTestId("admin-heading")).toBeVisible();

  const targets: [string, BrowserContext | null][] = [
    ["/", null],
    ["/product/chef-knife", null],
    ["/account", shopper],
    ["/admin", staff],
  ];
  for (const [path, owner] of targets) {
    // The cookies really open the page (no redirect to sign-in): the scan sees what its owner sees.
    if (owner) expect((await owner.request.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
    const scan = await observatory(path, owner ? await cookieHeader(owner) : undefined);
    test.info().annotations.push({ type: "observatory", description: `${path}: ${scan.score} (${scan.grade})` });
    const failed = Object.entries(scan.tests).filter(([, t]) => !t.pass);
    expect(
      scan.score,
      `${path}: ${scan.score} (${scan.grade}); did not pass: ${JSON.stringify(failed)}`,
    ).toBeGreaterThanOrEqual(100);
    expect(scan.grade, path).toBe("A+");
    expect(failed, `${path}: tests that did not pass`).toEqual([]);
    expect(scan.statusCode, path).toBe(200);
    expect(scan.tests["content-security-policy"]!.result, path).toBe("csp-implemented-with-no-unsafe-default-src-none");
    expect(scan.tests.redirection!.result, path).toBe("redirection-to-https");
  }
  await shopper.close();
  await staff.close();
});

test("behind TLS the CSP names only https origins, and a shopper pays on the emulator's https page, its own origin", async ({
  browser,
}) => {
  const context = await overTls(browser);
  const page = await context.newPage();
  const response = await page.goto("/");
  const csp = response!.headers()["content-security-policy"] ?? "";
  expect(/form-action ([^;]*)/.exec(csp)?.[1]).toBe(`'self' ${PAYMENT_PAGE}`);
  expect(csp).not.toMatch(/http:/);
  expect(csp).toContain("upgrade-insecure-requests");

  const visited: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  });
  await buy(page, `tls-${Date.now()}@example.org`);
  // The card was typed on the payment page's origin, never the store's, and the store's CSP let
  // the checkout form's redirect go there.
  expect(
    visited.some((url) => url.startsWith(`${PAYMENT_PAGE}/c/pay/`)),
    visited.join("\n"),
  ).toBe(true);
  expect(page.url()).toBe(`${APP}/checkout/return`);
  await context.close();
});
