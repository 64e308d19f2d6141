import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { createPolicies, POLICIES } from "@/lib/rate-limit/policies";
import { createLimiterStore } from "@/lib/rate-limit/store";
import type { Limiter } from "@/lib/rate-limit/limiter";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const policies = () => createPolicies(createLimiterStore({ keyPrefix: "test" }));

async function attemptsUntilRefused(
  limiter: Limiter,
  key: string,
): Promise<{ allowed: number; retryAfterSec: number }> {
  for (let allowed = 0; allowed < 100; allowed++) {
    const result = await limiter.consume(key);
    if (!result.allowed) return { allowed, retryAfterSec: result.retryAfterSec };
  }
  throw new Error("never refused");
}

describe("rate-limit policies", () => {
  it("creates every named limiter with a unique storage name", () => {
    const created = policies();
    expect(Object.keys(created).sort()).toEqual([
      "accountDataPerAccount",
      "orderStatusPerIp",
      "passkeySignInPerIp",
      "registerPerIp",
      "resetPerAccount",
      "resetPerIp",
      "signInPerAccount",
      "signInPerIp",
      "totpPerAccount",
    ]);
    const names = Object.values(POLICIES).map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.isFrozen(created)).toBe(true);
  });

  it.each([
    ["signInPerIp", 20, 15 * 60],
    ["passkeySignInPerIp", 30, 15 * 60],
    ["totpPerAccount", 5, 5 * 60],
    ["registerPerIp", 5, 60 * 60],
    ["resetPerIp", 5, 60 * 60],
    ["resetPerAccount", 3, 60 * 60],
  ] as const)("%s allows %i attempts, then asks to wait %i s", async (policy, points, waitSec) => {
    expect(await attemptsUntilRefused(policies()[policy], "key")).toEqual({
      allowed: points,
      retryAfterSec: waitSec,
    });
  });

  it("signInPerAccount meets PCI DSS v4.0.1 8.3.4: at most 10 failed attempts, then at least 30 minutes locked", () => {
    const { points, blockSec } = POLICIES.signInPerAccount;
    expect(points).toBeLessThanOrEqual(10);
    expect(blockSec).toBeGreaterThanOrEqual(30 * 60);
  });

  it("signInPerAccount locks out after 5 consecutive failures for 30 min, doubling up to 24 h", async () => {
    const { signInPerAccount } = policies();
    const lockouts: number[] = [];
    for (let round = 0; round < 9; round++) {
      const { allowed, retryAfterSec } = await attemptsUntilRefused(signInPerAccount, "user-1");
      expect(allowed).toBe(5);
      lockouts.push(retryAfterSec);
      vi.advanceTimersByTime(retryAfterSec * 1000);
    }
    expect(lockouts).toEqual([1800, 3600, 7200, 14400, 28800, 57600, 86400, 86400, 86400]);
  });

  it("signInPerAccount counts only consecutive failures: a success resets the count", async () => {
    const { signInPerAccount } = policies();
    for (let day = 0; day < 3; day++) {
      for (let i = 0; i < 4; i++) expect((await signInPerAccount.consume("user-2")).allowed).toBe(true);
      await signInPerAccount.reset("user-2"); // correct password on the 5th try
    }
    expect(await attemptsUntilRefused(signInPerAccount, "user-2")).toEqual({
      allowed: 5,
      retryAfterSec: 1800,
    });
  });

  it("creating the policies twice on one store shares their counters", async () => {
    const store = createLimiterStore({ keyPrefix: "test" });
    const first = createPolicies(store);
    const second = createPolicies(store);
    for (let i = 0; i < 3; i++) await first.resetPerAccount.consume("user-3");
    expect((await second.resetPerAccount.consume("user-3")).allowed).toBe(false);
  });
});
