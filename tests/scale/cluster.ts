// A small production cluster on loopback for the scale-out tests: two production servers (server.ts)
// (one build, .next-scale) sharing a fresh PostgreSQL database and the real Redis, the Stripe
// emulator in-process, and a webhook forwarder standing in for a load balancer: round-robin
// over the instances, on to the next one when an instance refuses the connection or answers
// 5xx; 502 when an instance dies mid-request, so the emulator retries the delivery.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import { startEmulator, type EmulatorHandle } from "@/emulator/server";
import { freshDatabase, type FreshDatabase } from "@/bench/lib/database";
import { startStore, storeEnv, waitForHttp, type Managed, type StoreEnv } from "@/bench/lib/processes";
import { installAuditKeys } from "@/lib/audit/keys";
import { seedCatalog } from "@/lib/db/seed";
import { createStripe } from "@/lib/payments/stripe";
import { parseKeyringSpec } from "@/lib/security/crypto";

export const DIST_DIR = ".next-scale";

export const scaleConfigured = () => Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

const secret = (n: number) => randomBytes(n).toString("base64url");

function clusterSecrets() {
  return {
    authSecret: secret(48),
    dataKeys: `1:${randomBytes(32).toString("base64")}`,
    auditKeys: `1:${randomBytes(32).toString("base64")}`,
    stripeKey: `sk_test_scale_${secret(16)}`,
    webhookSecret: `whsec_${secret(24)}`,
  };
}

/** The configuration of one instance (also used to build, where only its shape matters). */
export function scaleEnv(
  port: number,
  databaseUrl: string,
  shared = clusterSecrets(),
  emulatorUrl = "http://127.0.0.1:4139",
): NodeJS.ProcessEnv {
  return storeEnv(instanceConfig(port, databaseUrl, shared, emulatorUrl));
}

function instanceConfig(
  port: number,
  databaseUrl: string,
  shared: ReturnType<typeof clusterSecrets>,
  emulatorUrl: string,
): StoreEnv {
  return {
    port,
    databaseUrl,
    distDir: DIST_DIR,
    ...shared,
    emulatorUrl,
    redisUrl: process.env.TEST_REDIS_URL,
    poolSize: 10,
    // The tests present their own client address (X-Forwarded-For), as a proxy in front would.
    trustedProxyHops: 1,
  };
}

export type Instance = { name: string; port: number; url: string; process: Managed; alive: () => boolean };

export type Cluster = {
  database: FreshDatabase;
  instances: Instance[];
  emulator: EmulatorHandle;
  stripe: Stripe;
  forwarder: ForwarderStats;
  /** Hard-kills one instance (SIGKILL to its process group). */
  kill(instance: Instance): Promise<void>;
  /**
   * Starts one more instance on the same database and Redis whose Stripe API URL is `stripeUrl`
   * (the crash tests put a fault proxy there, tests/support/stripe-fault-proxy.ts). It gets no
   * webhook deliveries; cluster.stop() stops it too.
   */
  startInstance(port: number, name: string, stripeUrl: string): Promise<Instance>;
  stop(): Promise<void>;
};

type ForwarderStats = {
  /** Deliveries answered below 500, per instance port. */
  answered: Map<number, number>;
  /** Deliveries passed to the next instance because one refused the connection or failed. */
  failovers: number;
  /** Answers with a 5xx status from a live instance (each is also counted as a failover). */
  serverErrors: number;
  /** Deliveries answered 502 because the instance died with the request in flight. */
  lostInFlight: number;
};

function startForwarder(ports: number[], stats: ForwarderStats): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const start = next++;
        for (let i = 0; i < ports.length; i++) {
          const port = ports[(start + i) % ports.length]!;
          try {
            const answer = await fetch(`http://127.0.0.1:${port}${req.url}`, {
              method: "POST",
              headers: {
                "Content-Type": String(req.headers["content-type"] ?? "application/json"),
                "Stripe-Signature": String(req.headers["stripe-signature"] ?? ""),
              },
              body,
              signal: AbortSignal.timeout(15_000),
            });
            const text = await answer.text();
            if (answer.status >= 500) {
              stats.serverErrors++;
              stats.failovers++; // that instance failed: try the next one
              continue;
            }
            stats.answered.set(port, (stats.answered.get(port) ?? 0) + 1);
            res.writeHead(answer.status, { "Content-Type": "application/json" }).end(text);
            return;
          } catch (error) {
            // Refused connection: the instance is down, so the next one gets the delivery. An
            // instance that died after the request reached it may have done part of the work:
            // like nginx with a POST, answer 502 and let the sender retry (the emulator does).
            const code = (error as { cause?: { code?: string } }).cause?.code;
            if (code !== "ECONNREFUSED") {
              stats.lostInFlight++;
              break;
            }
            stats.failovers++;
          }
        }
        res.writeHead(502).end();
      })();
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export async function startCluster(ports: [number, number], name: string): Promise<Cluster> {
  const database = await freshDatabase(process.env.TEST_DATABASE_URL, name);
  await seedCatalog(database.db);
  const shared = clusterSecrets();
  // Domain code the test runs itself (the sweep) signs its audit entries with the instances' key.
  installAuditKeys(parseKeyringSpec(shared.auditKeys));
  const stats: ForwarderStats = { answered: new Map(), failovers: 0, serverErrors: 0, lostInFlight: 0 };
  const forwarder = await startForwarder(ports, stats);
  const emulator = await startEmulator({
    apiKey: shared.stripeKey,
    port: 0,
    webhookUrl: `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}/api/webhooks/stripe`,
    webhookSecret: shared.webhookSecret,
    // Stripe retries for days; this compresses its schedule. It must outlast the store's stale-claim
    // window (10 s, lib/payments/authorization.ts) with room to spare.
    webhookRetryDelaysMs: [250, 500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000],
  });
  const emulatorUrl = `http://127.0.0.1:${emulator.port}`;
  const instances: Instance[] = ports.map((port, i) => {
    const proc = startStore(
      `${name}-${i}`,
      instanceConfig(port, database.url, shared, emulatorUrl),
      `.data/${name}-${port}.log`,
    );
    return {
      name: `instance ${i === 0 ? "A" : "B"}`,
      port,
      url: `http://127.0.0.1:${port}`,
      process: proc,
      alive: () => proc.child.exitCode === null && proc.child.signalCode === null,
    };
  });
  const extra: Instance[] = [];
  const stop = async () => {
    await Promise.all([...instances, ...extra].map((i) => i.process.stop()));
    await emulator.close();
    await new Promise<void>((resolve) => forwarder.close(() => resolve()));
    await database.drop();
  };
  try {
    await Promise.all(instances.map((i) => waitForHttp(`${i.url}/api/health`, 60_000, () => i.alive())));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    database,
    instances,
    emulator,
    stripe: createStripe(shared.stripeKey, emulatorUrl),
    forwarder: stats,
    kill: (instance) => instance.process.stop("SIGKILL"),
    async startInstance(port, label, stripeUrl) {
      const proc = startStore(
        `${name}-${label}`,
        instanceConfig(port, database.url, shared, stripeUrl),
        `.data/${name}-${port}.log`,
      );
      const instance: Instance = {
        name: label,
        port,
        url: `http://127.0.0.1:${port}`,
        process: proc,
        alive: () => proc.child.exitCode === null && proc.child.signalCode === null,
      };
      extra.push(instance);
      await waitForHttp(`${instance.url}/api/health`, 60_000, () => instance.alive());
      return instance;
    },
    stop,
  };
}
