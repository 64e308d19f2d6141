// npm start — the one command that runs the store locally with demo data:
// generated dev secrets → Prisma clients → migrations + demo catalog → production build (only
// when the sources changed since the last one) → the local Stripe emulator (when no real Stripe
// key is configured) + the production server (server.ts: Next.js plus the shared catalog pages)
// on :3000.
//
// npm run dev — the same store for the daily loop: no production build, Next's development server
// with hot reload (server.ts --dev), the emulator and the outbox.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { buildIsCurrent, recordBuild } from "./build-fingerprint";
import { ensureDevEnv, DEV_ENV_FILE } from "./dev-env";

// Children run under this Node directly (not through npx), so a stop signal reaches them.

const dev = process.argv.includes("--dev");
const steps = dev ? 3 : 4;
let step = 0;
const progress = (what: string) => console.log(`\n[${++step}/${steps}] ${what}`);
const started = Date.now();

progress("settings: .env.local");
ensureDevEnv();
process.loadEnvFile(DEV_ENV_FILE);
process.env.NEXT_TELEMETRY_DISABLED = "1";
if (dev) (process.env as Record<string, string | undefined>).NODE_ENV = "development";

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: "inherit", env: process.env });
progress("database: Prisma clients, migrations, demo catalog and accounts");
run("npx", ["tsx", "scripts/db/generate.ts", "--if-changed"]);
run("npx", ["tsx", "prisma/seed.ts"]);

if (!dev) {
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  if (process.argv.includes("--no-build")) {
    progress("production build: skipped (--no-build)");
  } else if (buildIsCurrent(distDir)) {
    progress(`production build: ${distDir} is up to date with the sources, not rebuilding`);
  } else {
    progress("production build: sources changed since the last build (about 4 minutes on 2 cores the first time)");
    run("npx", ["next", "build"]);
    recordBuild(distDir);
  }
}

progress(
  dev
    ? "starting the development server (hot reload) and the Stripe emulator"
    : "starting the store and the Stripe emulator",
);
const children: ChildProcess[] = [];
const api = process.env.STRIPE_API_URL;
if (api) {
  const port = new URL(api).port || "12111";
  children.push(
    spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], {
      stdio: "inherit",
      env: {
        ...process.env,
        EMULATOR_PORT: port,
        // The page the shopper is sent to; the store's CSP names the same (STRIPE_CHECKOUT_URL).
        EMULATOR_PUBLIC_URL: process.env.STRIPE_CHECKOUT_URL || api,
        EMULATOR_API_KEY: process.env.STRIPE_SECRET_KEY,
        EMULATOR_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET,
        EMULATOR_WEBHOOK_URL: `${process.env.APP_URL}/api/webhooks/stripe`,
      },
    }),
  );
}
const serverArgs = ["--import", "tsx", "server.ts", "-p", process.env.PORT ?? "3000", ...(dev ? ["--dev"] : [])];
children.push(spawn(process.execPath, serverArgs, { stdio: "inherit", env: process.env }));
console.log(
  `\nThe store is starting at ${process.env.APP_URL}${api ? ` (Stripe emulator at ${api})` : ""}; ready steps took ${Math.round((Date.now() - started) / 1000)} s. Ctrl+C stops it.`,
);
if (process.env.DEMO_PASSWORD) {
  console.log(
    `Demo accounts admin@example.com, reviewer@example.com, shopper@example.com: password ${process.env.DEMO_PASSWORD} (DEMO_PASSWORD in ${DEV_ENV_FILE}).`,
  );
}
if (dev)
  console.log("Development mode: pages compile on first visit and reload on save; emails are listed at /dev/outbox.");
console.log("");

const stop = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children)
  child.on("exit", (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
