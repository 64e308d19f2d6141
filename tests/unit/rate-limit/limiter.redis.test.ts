import { randomUUID } from "node:crypto";

import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { hashKey } from "@/lib/rate-limit/keys";
import { createLimiter } from "@/lib/rate-limit/limiter";
import { createLimiterStore, type LimiterStore } from "@/lib/rate-limit/store";

import { limiterBehaviour } from "./limiter-behaviour";

// Runs against the real Redis named by TEST_REDIS_URL (CI provides one; vitest.config.ts
// leaves this file out when it is unset). Every store gets a unique key prefix under
// RUN_PREFIX, and everything under RUN_PREFIX is deleted afterwards.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "";
const RUN_PREFIX = `test-rl-${randomUUID()}`;

let admin: Redis;
const opened: LimiterStore[] = [];

function redisStore(keyPrefix = `${RUN_PREFIX}:${randomUUID()}`, onRedisError?: (e: Error) => void): LimiterStore {
  const store = createLimiterStore({
    redisUrl: REDIS_URL,
    keyPrefix,
    ...(onRedisError ? { onRedisError } : {}),
  });
  opened.push(store);
  return store;
}

async function keysUnder(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await admin.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    found.push(...batch);
  } while (cursor !== "0");
  return found.sort();
}

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  expect(await admin.ping()).toBe("PONG");
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  const keys = await keysUnder(RUN_PREFIX);
  if (keys.length > 0) await admin.del(...keys);
  expect(await keysUnder(RUN_PREFIX)).toEqual([]);
  await admin.quit();
});

limiterBehaviour("Redis", {
  store: () => redisStore(),
  // Ending a window early is what Redis does when the TTL runs out: the key disappears.
  // Delete it, after checking that it really carries a TTL no longer than expected.
  async expire(store, name, key, afterSec) {
    const redisKey = `${store.keyPrefix}:${name}:${hashKey(key)}`;
    const ttl = await admin.pttl(redisKey);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(afterSec * 1000);
    expect(await admin.del(redisKey)).toBe(1);
  },
  slackSec: 1,
});

describe("Redis limiter store", () => {
  it("is selected by a URL, connects lazily (one named connection) and closes", async () => {
    const store = redisStore();
    expect(store.kind).toBe("redis");
    const connections = async () =>
      String(await admin.call("CLIENT", "LIST"))
        .split("\n")
        .filter((line) => line.includes(` name=rate-limit:${store.keyPrefix} `)).length;
    const a = createLimiter(store, {
      name: "lazy-a",
      points: 1,
      durationSec: 60,
    });
    const b = createLimiter(store, {
      name: "lazy-b",
      points: 1,
      durationSec: 60,
    });
    expect(await connections()).toBe(0);
    expect(await a.consume("k")).toEqual({ allowed: true });
    expect(await b.consume("k")).toEqual({ allowed: true });
    expect(await connections()).toBe(1);
    await store.close();
    await store.close(); // idempotent
    expect(await connections()).toBe(0);
  });

  it("shares counts, lockouts and resets between two stores (two server instances)", async () => {
    const prefix = `${RUN_PREFIX}:${randomUUID()}`;
    const options = {
      name: "shared",
      points: 3,
      durationSec: 60,
      blockSec: 30,
      progressive: { maxBlockSec: 120, memorySec: 3600 },
    };
    const first = createLimiter(redisStore(prefix), options);
    const second = createLimiter(redisStore(prefix), options);

    expect(await first.consume("alice@example.com")).toEqual({ allowed: true });
    expect(await second.consume("alice@example.com")).toEqual({
      allowed: true,
    });
    expect(await first.consume("alice@example.com")).toEqual({ allowed: true });
    expect(await second.consume("alice@example.com")).toEqual({
      allowed: false,
      retryAfterSec: 30,
    });
    const seenByFirst = await first.consume("alice@example.com");
    expect(seenByFirst.allowed).toBe(false);
    if (!seenByFirst.allowed) expect(seenByFirst.retryAfterSec).toBeGreaterThanOrEqual(29);
    expect((await first.peek("alice@example.com")).lockouts).toBe(1);

    await second.reset("alice@example.com"); // success on the other instance
    expect(await first.peek("alice@example.com")).toEqual({
      consumed: 0,
      remaining: 3,
      retryAfterSec: 0,
      lockouts: 0,
    });
    expect(await first.consume("alice@example.com")).toEqual({ allowed: true });
  });

  it("isolates stores with different key prefixes", async () => {
    const a = createLimiter(redisStore(), {
      name: "iso",
      points: 1,
      durationSec: 60,
    });
    const b = createLimiter(redisStore(), {
      name: "iso",
      points: 1,
      durationSec: 60,
    });
    await a.consume("k");
    expect((await a.consume("k")).allowed).toBe(false);
    expect(await b.consume("k")).toEqual({ allowed: true });
  });

  it("stores only SHA-256 hashes of keys, with a TTL", async () => {
    const store = redisStore();
    const limiter = createLimiter(store, {
      name: "hashed",
      points: 1,
      durationSec: 60,
      blockSec: 60,
      progressive: { maxBlockSec: 60, memorySec: 600 },
    });
    const email = "Carol.Secret@Example.com";
    await limiter.consume(email);
    await limiter.consume(email); // lockout: writes the history key too

    const digest = hashKey(email);
    expect(digest).toBe(hashKey("carol.secret@example.com"));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const keys = await keysUnder(store.keyPrefix);
    expect(keys).toEqual([`${store.keyPrefix}:hashed-lockouts:${digest}`, `${store.keyPrefix}:hashed:${digest}`]);
    for (const key of keys) {
      expect(key.toLowerCase()).not.toContain("carol");
      expect(key).not.toContain("@");
      expect(await admin.pttl(key)).toBeGreaterThan(0);
    }
  });

  it("keeps limiting per instance, reporting the outage once, while Redis is unreachable", async () => {
    const errors: Error[] = [];
    // Port 1 refuses connections: every command fails and the in-memory insurance limiter answers.
    const store = createLimiterStore({
      redisUrl: "redis://127.0.0.1:1",
      keyPrefix: `${RUN_PREFIX}:down`,
      onRedisError: (e) => errors.push(e),
      commandTimeoutMs: 50,
    });
    opened.push(store);
    const limiter = createLimiter(store, {
      name: "down",
      points: 2,
      durationSec: 60,
      blockSec: 300,
    });
    expect(await limiter.consume("k")).toEqual({ allowed: true });
    expect(await limiter.consume("k")).toEqual({ allowed: true });
    expect(await limiter.consume("k")).toEqual({
      allowed: false,
      retryAfterSec: 300,
    });
    expect((await limiter.peek("k")).remaining).toBe(0);
    expect(errors.length).toBe(1);
    expect(errors[0]?.message).toMatch(/ECONNREFUSED/);
  });
});
