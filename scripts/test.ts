// npm test — every test: generated clients, the schema drift check, unit and integration tests
// (SQLite always; PostgreSQL and Redis too when TEST_DATABASE_URL / TEST_REDIS_URL are set, and
// with both the two-instance scale-out tests), then the production build and the browser tests.
import { execFileSync } from "node:child_process";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const step = (title: string, cmd: string, args: string[], extra: Record<string, string> = {}) => {
  console.log(`\n▶ ${title}`);
  execFileSync(cmd, args, { stdio: "inherit", env: { ...env, ...extra } });
};

try {
  step("Prisma clients", "npx", ["tsx", "scripts/db/generate.ts"]);
  step("Unit and integration tests (Vitest)", "npx", ["vitest", "run"]);
  if (process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) {
    step("Scale-out tests: two instances, one PostgreSQL, one Redis (Vitest)", "npx", ["vitest", "run", "--config", "tests/scale/vitest.config.ts"]);
  }
  step("Production build", "npx", ["next", "build"]);
  step("Browser tests (Playwright + Chromium)", "npx", ["playwright", "test"]);
  console.log("\nAll test suites passed.");
} catch {
  console.error("\nA test suite failed (see above).");
  process.exit(1);
}
