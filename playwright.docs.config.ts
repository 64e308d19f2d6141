import { defineConfig, devices } from "@playwright/test";

// `npm run docs:screenshots`: regenerates the screenshots in docs/images from a real run: the
// production build (`next build` first) served by scripts/e2e-server.ts on a fresh SQLite file
// with the Stripe emulator, driven by Debian's Chromium. One server only (E2E_PORT, 3100 by
// default), unlike playwright.config.ts, which also starts the attack-suite instances.
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "scripts/docs-screenshots",
  testMatch: /\.shot\.ts$/,
  outputDir: `test-results/docs-${port}`,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 180_000,
  expect: { timeout: 15_000 },
  use: {
    ...devices["Desktop Chrome"],
    channel: undefined,
    baseURL: `http://localhost:${port}`,
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
  webServer: {
    command: "npx tsx scripts/e2e-server.ts",
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(port) },
  },
});
