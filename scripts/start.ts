// npm start — the one command that runs the store locally with demo data:
// generated dev secrets → Prisma clients → migrations + demo catalog → production build →
// the local Stripe emulator (when no real Stripe key is configured) + the production server
// (server.ts: Next.js plus the shared catalog pages) on :3000.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { ensureDevEnv, DEV_ENV_FILE } from "./dev-env";

// Children run under this Node directly (not through npx), so a stop signal reaches them.

ensureDevEnv();
process.loadEnvFile(DEV_ENV_FILE);
process.env.NEXT_TELEMETRY_DISABLED = "1";

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: "inherit", env: process.env });
run("npx", ["tsx", "scripts/db/generate.ts"]);
run("npx", ["tsx", "prisma/seed.ts"]);
if (!process.argv.includes("--no-build")) run("npx", ["next", "build"]);

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
children.push(spawn(process.execPath, ["--import", "tsx", "server.ts", "-p", process.env.PORT ?? "3000"], { stdio: "inherit", env: process.env }));
console.log(`\nThe store is starting at ${process.env.APP_URL}${api ? ` (Stripe emulator at ${api})` : ""}. Ctrl+C stops it.\n`);

const stop = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children) child.on("exit", (code) => {
  stop();
  process.exitCode = code ?? 0;
});
