// npm test — every test: generated clients, the schema drift check, unit and integration tests
// (SQLite always; PostgreSQL and Redis too when TEST_DATABASE_URL / TEST_REDIS_URL are set, and
// with both the two-instance scale-out tests), then the production build and the browser tests.
import { execFileSync } from "node:child_process";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
// Each step has a ceiling well above its usual time, so a hung run fails with a message instead
// of holding CI until its own limit.
const MINUTES = 60_000;
const step = (title: string, minutes: number, cmd: string, args: string[]) => {
  console.log(`\n▶ ${title}`);
  try {
    execFileSync(cmd, args, { stdio: "inherit", env, timeout: minutes * MINUTES, killSignal: "SIGKILL" });
  } catch (error) {
    if (error instanceof Error && "signal" in error && error.signal === "SIGKILL")
      console.error(`\n${title}: stopped after ${minutes} minutes.`);
    throw error;
  }
};

try {
  step("Prisma clients", 3, "npx", ["tsx", "scripts/db/generate.ts"]);
  step("Unit and integration tests (Vitest)", 20, "npx", ["vitest", "run"]);
  if (process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) {
    step("Scale-out tests: two instances, one PostgreSQL, one Redis (Vitest)", 8, "npx", [
      "vitest",
      "run",
      "--config",
      "tests/scale/vitest.config.ts",
    ]);
  }
  step("Production build", 10, "npx", ["next", "build"]);
  step("Browser tests (Playwright + Chromium)", 30, "npx", ["playwright", "test"]);
  console.log("\nAll test suites passed.");
} catch {
  console.error("\nA test suite failed (see above).");
  process.exit(1);
}
