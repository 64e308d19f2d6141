// Child processes for the benchmark and the scale-out tests: the production server (server.ts
// from a given build folder) and the Stripe emulator, each on a loopback port, stopped by pid
// (their own process group) and never by name.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname } from "node:path";

const NEXT_BIN = "node_modules/next/dist/bin/next";

export type Managed = { name: string; child: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> };

const running = new Set<Managed>();

/** Starts a child in its own process group; its output goes to `logFile` (and nowhere else). */
export function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Managed {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  // A fresh clone has no .data/ yet.
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: "a" });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const managed: Managed = {
    name,
    child,
    async stop(signal = "SIGTERM") {
      running.delete(managed);
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        // The negative pid signals the whole group: the server may start workers.
        process.kill(-child.pid!, signal);
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(managed);
  return managed;
}

/** Stops every child this process started that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((m) => m.stop()));
}

/** Best-effort synchronous kill for process exit handlers. */
export function killAllSync(): void {
  for (const m of running) {
    try {
      if (m.child.exitCode === null) process.kill(-m.child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

/**
 * Fails when something already listens on a loopback port: a server left over from another run
 * would answer in place of the one about to start, and be measured instead.
 */
export async function assertPortFree(port: number): Promise<void> {
  const taken = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (taken)
    throw new Error(
      `port ${port} is already in use: stop whatever listens there (another benchmark or server) and run again`,
    );
}

export async function waitForHttp(url: string, timeoutMs: number, isAlive?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isAlive && !isAlive()) throw new Error(`process for ${url} exited before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status < 500) {
        await res.arrayBuffer();
        return;
      }
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export type StoreEnv = {
  port: number;
  databaseUrl: string;
  distDir: string;
  authSecret: string;
  dataKeys: string;
  auditKeys: string;
  stripeKey: string;
  webhookSecret: string;
  emulatorUrl: string;
  redisUrl?: string;
  poolSize?: number;
  trustedProxyHops?: number;
  /** CHECKOUT_LIMITS for the store; default: out of the throughput runs' way. */
  checkoutLimits?: string;
};

export function storeEnv(s: StoreEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: s.distDir,
    DEMO_MODE: "1",
    // The address the harnesses send requests to, so a server action's Origin matches its Host.
    APP_URL: `http://127.0.0.1:${s.port}`,
    DATABASE_URL: s.databaseUrl,
    DATABASE_POOL_SIZE: String(s.poolSize ?? 10),
    AUTH_SECRET: s.authSecret,
    DATA_ENCRYPTION_KEYS: s.dataKeys,
    AUDIT_HMAC_KEYS: s.auditKeys,
    STRIPE_SECRET_KEY: s.stripeKey,
    STRIPE_WEBHOOK_SECRET: s.webhookSecret,
    STRIPE_API_URL: s.emulatorUrl,
    TRUSTED_PROXY_HOPS: String(s.trustedProxyHops ?? 0),
    // The throughput runs send every checkout from one address and one email, far past what the
    // checkout start limits allow one client: they measure the store, not the limits.
    CHECKOUT_LIMITS: s.checkoutLimits ?? "address=100000/1m,network=100000/1m,email=100000/1m,store=100000/1m",
  };
  if (s.redisUrl) env.REDIS_URL = s.redisUrl;
  return env;
}

/** The production server (server.ts) for a build folder, bound to loopback. */
export function startStore(name: string, s: StoreEnv, logFile: string): Managed {
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it exits (docs/performance.md).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return startProcess(
    name,
    [...profile, "--import", "tsx", "server.ts", "-p", String(s.port), "-H", "127.0.0.1"],
    storeEnv(s),
    logFile,
  );
}

/**
 * `next build` into `distDir`. `env` is the configuration the pages are built with (lib/env.ts
 * validates it at build time too). Next adds `<distDir>/types` to tsconfig.json's include list
 * when it builds into a folder not named there; that edit is undone, since build folders other
 * than .next are private to the benchmark and the scale-out tests.
 */
export async function buildStore(distDir: string, logFile: string, env: NodeJS.ProcessEnv): Promise<void> {
  const tsconfig = readFileSync("tsconfig.json", "utf8");
  // next build sets NODE_ENV itself and warns about any other value.
  const { NODE_ENV: _ignored, ...rest } = env;
  try {
    await new Promise<void>((resolve, reject) => {
      const m = startProcess(
        `build ${distDir}`,
        [NEXT_BIN, "build"],
        { ...rest, NEXT_DIST_DIR: distDir } as unknown as NodeJS.ProcessEnv,
        logFile,
      );
      m.child.once("exit", (code) => {
        running.delete(m);
        if (code === 0) resolve();
        else reject(new Error(`next build into ${distDir} failed (exit ${code}); see ${logFile}`));
      });
    });
  } finally {
    if (readFileSync("tsconfig.json", "utf8") !== tsconfig) writeFileSync("tsconfig.json", tsconfig);
  }
}
