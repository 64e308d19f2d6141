// The limiter contract, run against both stores (memory.test.ts, redis.test.ts).
import { describe, expect, it } from "vitest";

import { createLimiter, limitAll, type Limiter, type LimiterOptions } from "@/lib/rate-limit/limiter";
import type { LimiterStore } from "@/lib/rate-limit/store";

export type Harness = {
  /** A fresh, empty store (unique key prefix); the harness closes and cleans it up. */
  store(): LimiterStore;
  /**
   * Makes `key`'s current window/block of limiter `name` end, as if `afterSec` seconds passed.
   * The harness also checks that the stored entry would really expire within afterSec.
   */
  expire(store: LimiterStore, name: string, key: string, afterSec: number): Promise<void>;
  /** Tolerance on retryAfterSec: 0 with a fake clock, 1 when real time passes. */
  slackSec: number;
};

const refused = async (limiter: Limiter, key: string): Promise<number> => {
  const result = await limiter.consume(key);
  if (result.allowed) throw new Error(`expected ${limiter.name} to refuse ${key}`);
  return result.retryAfterSec;
};

const allowN = async (limiter: Limiter, key: string, n: number) => {
  for (let i = 0; i < n; i++)
    expect(await limiter.consume(key), `consume #${i + 1}`).toEqual({
      allowed: true,
    });
};

export function limiterBehaviour(label: string, h: Harness) {
  const around = (actual: number, expected: number) => {
    expect(actual).toBeLessThanOrEqual(expected);
    expect(actual).toBeGreaterThanOrEqual(expected - h.slackSec);
  };
  const progressive: LimiterOptions = {
    name: "login",
    points: 2,
    durationSec: 60,
    blockSec: 10,
    progressive: { maxBlockSec: 40, memorySec: 3600 },
  };

  describe(`limiter on ${label}`, () => {
    it("allows `points` consumes per window, then refuses until the window ends", async () => {
      const store = h.store();
      const limiter = createLimiter(store, {
        name: "window",
        points: 3,
        durationSec: 60,
      });
      await allowN(limiter, "k", 3);
      around(await refused(limiter, "k"), 60);
      around(await refused(limiter, "k"), 60);
      await h.expire(store, "window", "k", 60);
      await allowN(limiter, "k", 3);
      around(await refused(limiter, "k"), 60);
    });

    it("blocks for blockSec (longer than the window) once exceeded, without growing", async () => {
      const store = h.store();
      const limiter = createLimiter(store, {
        name: "blocking",
        points: 2,
        durationSec: 60,
        blockSec: 600,
      });
      await allowN(limiter, "k", 2);
      around(await refused(limiter, "k"), 600);
      around(await refused(limiter, "k"), 600);
      const peek = await limiter.peek("k");
      expect(peek.remaining).toBe(0);
      around(peek.retryAfterSec, 600);
      expect(peek.lockouts).toBe(0);
    });

    it("keeps keys apart but treats case and surrounding spaces as the same key", async () => {
      const limiter = createLimiter(h.store(), {
        name: "keys",
        points: 2,
        durationSec: 60,
      });
      await allowN(limiter, " Alice@Example.COM", 2);
      expect((await limiter.consume("alice@example.com")).allowed).toBe(false);
      await allowN(limiter, "bob@example.com", 2);
      await expect(limiter.consume("  ")).rejects.toThrow(TypeError);
    });

    it("peek reports the state without consuming", async () => {
      const limiter = createLimiter(h.store(), {
        name: "peek",
        points: 3,
        durationSec: 60,
      });
      expect(await limiter.peek("k")).toEqual({
        consumed: 0,
        remaining: 3,
        retryAfterSec: 0,
        lockouts: 0,
      });
      await allowN(limiter, "k", 2);
      for (let i = 0; i < 5; i++) {
        expect(await limiter.peek("k")).toEqual({
          consumed: 2,
          remaining: 1,
          retryAfterSec: 0,
          lockouts: 0,
        });
      }
      await allowN(limiter, "k", 1);
      const full = await limiter.peek("k");
      expect(full).toMatchObject({ consumed: 3, remaining: 0 });
      around(full.retryAfterSec, 60);
    });

    it("reset forgets a key; reward refunds points but never unblocks or adds credit", async () => {
      const limiter = createLimiter(h.store(), {
        name: "reward",
        points: 2,
        durationSec: 60,
        blockSec: 300,
      });
      await allowN(limiter, "k", 2);
      await limiter.reward("k");
      expect((await limiter.peek("k")).remaining).toBe(1);
      await allowN(limiter, "k", 1);
      around(await refused(limiter, "k"), 300);
      await limiter.reward("k", 5);
      around(await refused(limiter, "k"), 300);
      await limiter.reset("k");
      expect(await limiter.peek("k")).toEqual({
        consumed: 0,
        remaining: 2,
        retryAfterSec: 0,
        lockouts: 0,
      });
      await allowN(limiter, "k", 2);

      await limiter.reward("fresh", 3); // unknown key: no credit
      await allowN(limiter, "fresh", 2);
      around(await refused(limiter, "fresh"), 300);
    });

    it("progressive: lockouts double up to the cap, each after `points` fresh attempts", async () => {
      const store = h.store();
      const limiter = createLimiter(store, progressive);
      const expected = [10, 20, 40, 40];
      for (const [round, seconds] of expected.entries()) {
        await allowN(limiter, "victim", 2);
        expect(await refused(limiter, "victim"), `lockout ${round + 1}`).toBe(seconds);
        around(await refused(limiter, "victim"), seconds); // still locked, not extended
        const peek = await limiter.peek("victim");
        expect(peek).toMatchObject({ remaining: 0, lockouts: round + 1 });
        around(peek.retryAfterSec, seconds);
        await h.expire(store, "login", "victim", seconds);
      }
      // another account is unaffected
      await allowN(limiter, "bystander", 2);
      expect(await refused(limiter, "bystander")).toBe(10);
    });

    it("progressive: a success (reset) clears failures and the lockout history", async () => {
      const store = h.store();
      const limiter = createLimiter(store, progressive);
      await allowN(limiter, "k", 2);
      expect(await refused(limiter, "k")).toBe(10);
      await h.expire(store, "login", "k", 10);
      await allowN(limiter, "k", 1); // one more failure, then the right password
      await limiter.reset("k");
      expect(await limiter.peek("k")).toEqual({
        consumed: 0,
        remaining: 2,
        retryAfterSec: 0,
        lockouts: 0,
      });
      await allowN(limiter, "k", 2);
      expect(await refused(limiter, "k")).toBe(10); // back to the first step, not 20
    });

    it("progressive: a burst of parallel attempts starts exactly one lockout", async () => {
      const limiter = createLimiter(h.store(), progressive);
      const results = await Promise.all(Array.from({ length: 12 }, () => limiter.consume("k")));
      expect(results.filter((r) => r.allowed)).toHaveLength(2);
      // Exactly one refusal is the lockout itself. Requests racing it may be told the window's
      // remaining time instead (here 60 s, as the window has just started).
      const waits = results.flatMap((r) => (r.allowed ? [] : [r.retryAfterSec]));
      expect(waits.filter((w) => w === 10)).not.toHaveLength(0);
      for (const w of waits) {
        expect(w).toBeGreaterThanOrEqual(10 - h.slackSec);
        expect(w).toBeLessThanOrEqual(60);
      }
      const peek = await limiter.peek("k");
      expect(peek.lockouts).toBe(1);
      around(peek.retryAfterSec, 10);
    });

    it("limitAll consumes every pair and reports the longest wait", async () => {
      const store = h.store();
      const perIp = createLimiter(store, {
        name: "all-ip",
        points: 3,
        durationSec: 60,
      });
      const perAccount = createLimiter(store, {
        name: "all-account",
        points: 1,
        durationSec: 60,
        blockSec: 900,
      });
      expect(await limitAll([])).toEqual({ allowed: true });
      expect(
        await limitAll([
          [perIp, "198.51.100.1"],
          [perAccount, "a"],
        ]),
      ).toEqual({ allowed: true });
      const second = await limitAll([
        [perIp, "198.51.100.1"],
        [perAccount, "a"],
      ]);
      expect(second.allowed).toBe(false);
      if (!second.allowed) around(second.retryAfterSec, 900);
      // the per-IP counter was still charged although the account refused
      expect((await perIp.peek("198.51.100.1")).consumed).toBe(2);
      await perIp.consume("198.51.100.1");
      const both = await limitAll([
        [perIp, "198.51.100.1"],
        [perAccount, "b"],
      ]);
      expect(both.allowed).toBe(false);
      if (!both.allowed) around(both.retryAfterSec, 60); // only the IP refused this time
    });
  });
}
