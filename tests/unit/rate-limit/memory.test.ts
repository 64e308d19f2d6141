import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { createLimiter } from "@/lib/rate-limit/limiter";
import { createLimiterStore, type LimiterStore } from "@/lib/rate-limit/store";

import { limiterBehaviour } from "./limiter-behaviour";

// The memory store keeps expiry with Date.now and setTimeout, so a fake clock ends windows and
// blocks exactly, without waiting.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

limiterBehaviour("the memory store", {
  store: () => createLimiterStore({ keyPrefix: "test" }),
  async expire(_store: LimiterStore, _name: string, _key: string, afterSec: number) {
    vi.advanceTimersByTime(afterSec * 1000);
  },
  slackSec: 0,
});

describe("memory limiter store", () => {
  it("is the default without a Redis URL and closes as a no-op", async () => {
    const store = createLimiterStore({ keyPrefix: "app:rl" });
    expect(store.kind).toBe("memory");
    await expect(store.close()).resolves.toBeUndefined();
  });

  it("does not end a window early: one second before the end the key is still refused", async () => {
    const limiter = createLimiter(createLimiterStore({ keyPrefix: "test" }), {
      name: "edge",
      points: 1,
      durationSec: 60,
    });
    await limiter.consume("k");
    vi.advanceTimersByTime(59_000);
    expect(await limiter.consume("k")).toEqual({
      allowed: false,
      retryAfterSec: 1,
    });
    vi.advanceTimersByTime(1_000);
    expect(await limiter.consume("k")).toEqual({ allowed: true });
  });

  it("shares counters for a repeated name with identical settings and refuses a conflicting one", async () => {
    const store = createLimiterStore({ keyPrefix: "test" });
    const a = createLimiter(store, { name: "dup", points: 2, durationSec: 60 });
    const b = createLimiter(store, { name: "dup", points: 2, durationSec: 60 });
    await a.consume("k");
    await b.consume("k");
    expect((await a.consume("k")).allowed).toBe(false);
    expect(() => createLimiter(store, { name: "dup", points: 3, durationSec: 60 })).toThrow(/already defined/);
  });

  it("validates its settings", () => {
    const store = createLimiterStore({ keyPrefix: "test" });
    expect(() => createLimiter(store, { name: "x", points: 0, durationSec: 60 })).toThrow(RangeError);
    expect(() => createLimiter(store, { name: "x", points: 1.5, durationSec: 60 })).toThrow(RangeError);
    expect(() => createLimiter(store, { name: "x", points: 1, durationSec: 0 })).toThrow(RangeError);
    expect(() =>
      createLimiter(store, {
        name: "x",
        points: 1,
        durationSec: 60,
        blockSec: -5,
      }),
    ).toThrow(RangeError);
    expect(() =>
      createLimiter(store, {
        name: "x",
        points: 1,
        durationSec: 60,
        progressive: { maxBlockSec: 60, memorySec: 600 },
      }),
    ).toThrow(/needs blockSec/);
    expect(() =>
      createLimiter(store, {
        name: "x",
        points: 1,
        durationSec: 60,
        blockSec: 120,
        progressive: { maxBlockSec: 60, memorySec: 600 },
      }),
    ).toThrow(/maxBlockSec/);
    expect(() =>
      createLimiter(store, {
        name: "x",
        points: 1,
        durationSec: 60,
        blockSec: 10,
        progressive: { maxBlockSec: 60, memorySec: 100 },
      }),
    ).toThrow(/memorySec/);
    expect(() => createLimiter(store, { name: "Bad:Name", points: 1, durationSec: 60 })).toThrow(TypeError);
    expect(() => createLimiterStore({ keyPrefix: "" })).toThrow(TypeError);
    expect(() => createLimiterStore({ keyPrefix: "has space" })).toThrow(TypeError);
  });

  it("keeps the lockout history for memorySec after the latest lockout, then starts over", async () => {
    const limiter = createLimiter(createLimiterStore({ keyPrefix: "test" }), {
      name: "memory",
      points: 1,
      durationSec: 60,
      blockSec: 10,
      progressive: { maxBlockSec: 100, memorySec: 200 },
    });
    await limiter.consume("k");
    expect(await limiter.consume("k")).toEqual({
      allowed: false,
      retryAfterSec: 10,
    });
    vi.advanceTimersByTime(150_000); // block over, history still remembered
    await limiter.consume("k");
    expect(await limiter.consume("k")).toEqual({
      allowed: false,
      retryAfterSec: 20,
    }); // refreshes memory
    vi.advanceTimersByTime(150_000); // 300 s after the first lockout, 150 s after the latest
    await limiter.consume("k");
    expect(await limiter.consume("k")).toEqual({
      allowed: false,
      retryAfterSec: 40,
    });
    vi.advanceTimersByTime(201_000); // quiet for longer than memorySec
    expect((await limiter.peek("k")).lockouts).toBe(0);
    await limiter.consume("k");
    expect(await limiter.consume("k")).toEqual({
      allowed: false,
      retryAfterSec: 10,
    });
  });
});
