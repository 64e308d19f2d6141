import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The scale-out tests (npm run test:scale; npm test runs them when TEST_DATABASE_URL and
// TEST_REDIS_URL are both set): two production servers on one PostgreSQL database and one
// Redis. global-setup.ts builds the store once into .next-scale; without the two URLs every
// test is skipped.
export default defineConfig({
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL("../../", import.meta.url)),
      "server-only": fileURLToPath(new URL("../support/empty.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/scale/**/*.test.ts"],
    globalSetup: ["tests/scale/global-setup.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
