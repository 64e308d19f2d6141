import "server-only";

import { Redis } from "ioredis";
import { logger } from "@/lib/logging/logger";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

// Where limiter counters live.
//   - memory (no redisUrl): per process. Right for development and a single instance; with
//     several instances each one counts separately, so limits multiply by the instance count.
//   - Redis: one shared ioredis connection for all limiters, so every instance sees the same
//     counts. Each Redis limiter has an in-memory "insurance" limiter with the same settings:
//     while Redis is unreachable, limits are enforced per instance instead of failing open
//     (letting brute force through) or failing closed (locking everyone out of sign-in).
//
// Redis keys are `${keyPrefix}:${limiterName}:${sha256(key)}` (lockout history for progressive
// limiters: `${keyPrefix}:${limiterName}-lockouts:${sha256(key)}`).

type CounterConfig = {
  points: number;
  durationSec: number;
  /** Seconds a key stays blocked once it exceeds points; 0 = until the window ends. */
  blockSec: number;
};

export interface LimiterStore {
  readonly kind: "memory" | "redis";
  readonly keyPrefix: string;
  /**
   * The counter behind a limiter name, created on first use. Names are unique per store:
   * asking again with the same config returns the same counter (so re-running set-up code, as
   * dev hot reload does, is harmless); a different config under a used name throws, because in
   * Redis the two would silently share counts.
   */
  counter(name: string, config: CounterConfig): RateLimiterAbstract;
  /** Closes the Redis connection (no-op for memory). Limiters must not be used afterwards. */
  close(): Promise<void>;
}

export type LimiterStoreOptions = {
  /** redis:// or rediss:// URL; omit for an in-process memory store. */
  redisUrl?: string;
  /** Namespace for every key, e.g. "store:rl". */
  keyPrefix: string;
  /** Told about Redis connection trouble, once per outage. Default: an error in the store's log. */
  onRedisError?: (error: Error) => void;
  /**
   * Longest wait for one Redis command, including time queued while (re)connecting, before the
   * in-memory insurance limiter answers instead. Default 500 ms; a healthy Redis answers in
   * about a millisecond.
   */
  commandTimeoutMs?: number;
};

const log = logger.child({ component: "rate-limit" });

const PREFIX_RE = /^[A-Za-z0-9][A-Za-z0-9:_-]{0,127}$/;
const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,79}$/;

export function createLimiterStore(options: LimiterStoreOptions): LimiterStore {
  const { redisUrl, keyPrefix } = options;
  if (!PREFIX_RE.test(keyPrefix)) {
    throw new TypeError(`invalid rate-limit keyPrefix "${keyPrefix}"`);
  }
  const redis = redisUrl
    ? connect({
        url: redisUrl,
        keyPrefix,
        commandTimeoutMs: options.commandTimeoutMs ?? 500,
        onError: options.onRedisError ?? defaultOnError,
      })
    : undefined;

  const counters = new Map<string, { config: string; limiter: RateLimiterAbstract }>();
  let closed = false;

  return {
    kind: redis ? "redis" : "memory",
    keyPrefix,
    counter(name, config) {
      if (!NAME_RE.test(name)) {
        throw new TypeError(`invalid limiter name "${name}"`);
      }
      const signature = JSON.stringify([config.points, config.durationSec, config.blockSec]);
      const existing = counters.get(name);
      if (existing) {
        if (existing.config !== signature) {
          throw new Error(`limiter "${name}" is already defined with other settings`);
        }
        return existing.limiter;
      }
      const opts = {
        keyPrefix: `${keyPrefix}:${name}`,
        points: config.points,
        duration: config.durationSec,
        blockDuration: config.blockSec,
      };
      const limiter = redis
        ? new RateLimiterRedis({
            ...opts,
            storeClient: redis,
            insuranceLimiter: new RateLimiterMemory(opts),
          })
        : new RateLimiterMemory(opts);
      counters.set(name, { config: signature, limiter });
      return limiter;
    },
    async close() {
      if (!redis || closed) return;
      closed = true;
      // QUIT lets in-flight commands finish. When not connected (never used, or Redis is down)
      // there is nothing to finish: disconnect() also cancels any pending reconnect timer.
      if (redis.status === "ready") {
        await redis.quit().catch(() => redis.disconnect());
      } else {
        redis.disconnect();
      }
    },
  };
}

function connect({
  url,
  keyPrefix,
  commandTimeoutMs,
  onError,
}: {
  url: string;
  keyPrefix: string;
  commandTimeoutMs: number;
  onError: (error: Error) => void;
}): Redis {
  const client = new Redis(url, {
    // Shows up in CLIENT LIST, so operators can tell whose connection it is.
    connectionName: `rate-limit:${keyPrefix}`,
    // Connect on first use, so importing the app (build, scripts) never needs Redis.
    lazyConnect: true,
    // Auth requests must not hang while Redis is away: a command fails after commandTimeoutMs
    // (the timer also runs while it is queued for a connection) or after one failed reconnect,
    // whichever comes first, and the insurance limiter answers it instead.
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // Keep reconnecting in the background, backing off to at most once a second.
    retryStrategy: (attempt) => Math.min(100 * 2 ** (attempt - 1), 1_000),
  });
  // Without a listener ioredis prints every failed reconnect; report once per outage instead.
  let reported = false;
  client.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    onError(error);
  });
  client.on("ready", () => {
    reported = false;
  });
  return client;
}

function defaultOnError(error: Error): void {
  // The message ("connect ECONNREFUSED host:port", "NOAUTH ...") never contains the password.
  log.error({ err: error }, "Redis unavailable, limiting per instance until it returns");
}
