import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL("./", import.meta.url)),
      "server-only": fileURLToPath(new URL("./tests/support/empty.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    // Suites that need a real server run when one is named (CI names both); a fresh machine
    // with no server still runs everything else. PostgreSQL suites switch on TEST_DATABASE_URL
    // inside their files (tests/support/databases.ts).
    exclude: process.env.TEST_REDIS_URL ? [] : ["tests/**/*.redis.test.ts"],
    environment: "node",
    setupFiles: ["tests/support/logs.ts", "tests/support/audit-keys.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
