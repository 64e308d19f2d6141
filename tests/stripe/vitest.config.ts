import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run test:stripe`: the contract suite against Stripe's own test mode. Not part of
// `npm test` (the default config includes only tests/unit and tests/integration). Without a
// test-mode key it refuses to start rather than skipping (require-key.ts).

export default defineConfig({
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL("../../", import.meta.url)),
      "server-only": fileURLToPath(new URL("../support/empty.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/stripe/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/stripe/require-key.ts"],
    setupFiles: ["tests/support/audit-keys.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
