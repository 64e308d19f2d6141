import { defineConfig, devices } from "@playwright/test";

// Browser tests run against the production build (`next build` first; npm test does it),
// served by scripts/e2e-server.ts with its own fresh SQLite file, the Stripe emulator and an
// SMTP sink. Chromium is Debian's: Playwright's own browser download cannot work offline.
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;
// The attack suite (tests/security) gets its own instance of the same server, 50 ports up: it
// enrolls the demo admin in 2FA and trips lockouts, which must not collide with tests/e2e.
export const securityPort = port + 50;
// A third instance, 60 ports up, set up the way `npm start` sets up a local demo (no proxy in
// front, emails in the outbox), with an admin allowlist: the attack suite checks from several
// loopback addresses that no client can choose its own address (tests/security/client-address.spec.ts).
export const directPort = port + 60;
export const DIRECT_ADMIN_NETWORKS = "10.0.0.0/8";
// A fourth instance runs with STAFF_REQUIRE_PASSKEY=1, for tests/e2e/staff-passkey.spec.ts only.
export const passkeyPolicyPort = port + 70;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: `test-results/e2e-${port}`,
  fullyParallel: false,
  // One worker per project, and the projects side by side: each project's tests share its
  // server's database and run in file order, while the shop, attack and passkey-policy suites
  // (each against its own server) overlap: 46 → 23 minutes on one loaded 2-core machine. The
  // attack suite's tests hash many passwords while the shop suite runs beside it, so they get 90 s.
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testIgnore: /no-card-data|staff-passkey/,
      workers: 1,
    },
    // Runs after every browser flow: scans what they left behind for card numbers.
    { name: "no-card-data", testMatch: /no-card-data\.spec\.ts/, dependencies: ["chromium"], workers: 1 },
    // The attack suite (tests/security): each test tries one attack and asserts it fails and changed nothing.
    {
      name: "security",
      testDir: "tests/security",
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://localhost:${securityPort}` },
      workers: 1,
      timeout: 90_000,
    },
    {
      name: "staff-passkey",
      testMatch: /staff-passkey\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://localhost:${passkeyPolicyPort}` },
      workers: 1,
    },
  ],
  webServer: (
    [
      { port },
      { port: securityPort },
      { port: directPort, env: { E2E_LIKE_NPM_START: "1", E2E_ADMIN_ALLOWED_NETWORKS: DIRECT_ADMIN_NETWORKS } },
      { port: passkeyPolicyPort, env: { STAFF_REQUIRE_PASSKEY: "1" } },
    ] as Array<{ port: number; env?: Record<string, string> }>
  ).map((instance) => ({
    command: "npx tsx scripts/e2e-server.ts",
    url: `http://localhost:${instance.port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: { E2E_PORT: String(instance.port), ...instance.env },
  })),
});
