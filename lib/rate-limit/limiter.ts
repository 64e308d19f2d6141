import "server-only";

import { RateLimiterRes } from "rate-limiter-flexible";

import { hashKey } from "@/lib/rate-limit/keys";
import type { LimiterStore } from "@/lib/rate-limit/store";

// A small API over rate-limiter-flexible for the auth flows.
//
// Usage: call consume() BEFORE doing the guarded work (checking a password, a TOTP code,
// sending a reset email) and refuse when it is not allowed. Counting first means parallel
// requests cannot race past the limit. After a successful sign-in / 2FA, call reset() on the
// per-account limiter so only consecutive failures count.
//
// Plain limiter: at most `points` consumes per key per `durationSec` window (the window starts
// at the key's first consume). The consume that exceeds it blocks the key for `blockSec`
// (default 0 = until the window ends).
//
// Progressive limiter (`progressive` set; `blockSec` is then the base lockout):
//   - `points` consumes are allowed per key; failures are remembered for `durationSec`.
//   - The consume that exceeds them starts lockout number n (counted per key) lasting
//     blockSec * 2^(n-1), capped at maxBlockSec: 15 min, 30 min, 1 h, 2 h, ... for sign-in.
//   - When a lockout ends the key gets `points` fresh attempts; failing them all again locks
//     it out for twice as long.
//   - The lockout count is kept for `memorySec` after the most recent lockout (so it must
//     outlast the longest lockout plus a window), then growth starts over.
//   - reset() (on success) clears both the failures and the lockout count.
// Worst case for an attacker on one account is about `points` guesses per maxBlockSec.
// The trade-off is that anyone can lock a victim's account out by failing on purpose; the
// lockout is temporary and a successful password reset can clear it with reset().

export type ConsumeResult = { allowed: true } | { allowed: false; retryAfterSec: number };

type PeekResult = {
  /** Points used in the current window (points + 1 or more while blocked). */
  consumed: number;
  /** Consumes left; 0 means the next consume is refused. */
  remaining: number;
  /** When remaining is 0: seconds until the window or block ends; otherwise 0. */
  retryAfterSec: number;
  /** Lockouts remembered for this key (always 0 for plain limiters). */
  lockouts: number;
};

export type LimiterOptions = {
  /** Unique within the store; becomes part of the storage key ([a-z0-9_-]). */
  name: string;
  points: number;
  durationSec: number;
  blockSec?: number;
  progressive?: { maxBlockSec: number; memorySec: number };
};

export interface Limiter {
  readonly name: string;
  readonly points: number;
  consume(key: string): Promise<ConsumeResult>;
  /** Gives back points (e.g. a per-IP point after a successful sign-in); never unblocks a key. */
  reward(key: string, points?: number): Promise<void>;
  /** Forgets the key entirely, including its lockout history. */
  reset(key: string): Promise<void>;
  /** The key's state without consuming anything. */
  peek(key: string): Promise<PeekResult>;
}

const toSec = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function positiveInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a positive integer`);
  }
  return value;
}

export function createLimiter(store: LimiterStore, options: LimiterOptions): Limiter {
  const { name, progressive } = options;
  const points = positiveInt(options.points, "points");
  const durationSec = positiveInt(options.durationSec, "durationSec");
  const blockSec =
    options.blockSec === undefined || options.blockSec === 0 ? 0 : positiveInt(options.blockSec, "blockSec");
  if (progressive) {
    if (blockSec === 0) {
      throw new RangeError("a progressive limiter needs blockSec (the first lockout)");
    }
    if (positiveInt(progressive.maxBlockSec, "maxBlockSec") < blockSec) {
      throw new RangeError("maxBlockSec must be at least blockSec");
    }
    if (positiveInt(progressive.memorySec, "memorySec") < progressive.maxBlockSec + durationSec) {
      throw new RangeError("memorySec must be at least maxBlockSec + durationSec, or lockouts stop growing");
    }
  }

  // Progressive blocks are applied here, so the counter itself must not block on its own.
  const counter = store.counter(name, {
    points,
    durationSec,
    blockSec: progressive ? 0 : blockSec,
  });
  const history = progressive
    ? {
        ...progressive,
        lockouts: store.counter(`${name}-lockouts`, {
          points: 1,
          durationSec: progressive.memorySec,
          blockSec: 0,
        }),
      }
    : undefined;

  async function lockOut(
    hashed: string,
    { lockouts, maxBlockSec, memorySec }: NonNullable<typeof history>,
  ): Promise<number> {
    // penalty() is an atomic increment that never rejects; set() then restarts the memory
    // window so the count is kept for memorySec after the latest lockout.
    const count = (await lockouts.penalty(hashed, 1)).consumedPoints;
    await lockouts.set(hashed, count, memorySec);
    const seconds = Math.min(blockSec * 2 ** Math.min(count - 1, 30), maxBlockSec);
    await counter.block(hashed, seconds);
    return seconds;
  }

  return {
    name,
    points,
    async consume(key) {
      const hashed = hashKey(key);
      try {
        await counter.consume(hashed);
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error; // store failure without insurance
        // Exactly one consume sees points + 1 (the increment is atomic), so concurrent
        // requests start one lockout, not several. Requests racing that lockout are refused
        // too, but report the window's remaining time (it is only a hint either way).
        if (history && error.consumedPoints === points + 1) {
          return {
            allowed: false,
            retryAfterSec: await lockOut(hashed, history),
          };
        }
        return { allowed: false, retryAfterSec: toSec(error.msBeforeNext) };
      }
    },
    async reward(key, amount = 1) {
      positiveInt(amount, "reward points");
      const hashed = hashKey(key);
      // Refunding an unknown key would create a negative count (extra attempts), and refunding
      // a blocked one would re-trigger the block; both are left alone.
      const state = await counter.get(hashed);
      if (!state || state.consumedPoints <= 0 || state.consumedPoints > points) {
        return;
      }
      await counter.reward(hashed, Math.min(amount, state.consumedPoints));
    },
    async reset(key) {
      const hashed = hashKey(key);
      await Promise.all([counter.delete(hashed), history?.lockouts.delete(hashed)]);
    },
    async peek(key) {
      const hashed = hashKey(key);
      const [state, lockouts] = await Promise.all([counter.get(hashed), history?.lockouts.get(hashed)]);
      const consumed = Math.max(state?.consumedPoints ?? 0, 0);
      const remaining = Math.max(points - consumed, 0);
      return {
        consumed,
        remaining,
        retryAfterSec: remaining === 0 && state ? toSec(state.msBeforeNext) : 0,
        lockouts: lockouts?.consumedPoints ?? 0,
      };
    },
  };
}

/**
 * Consumes from every (limiter, key) pair, e.g. per IP and per account for one sign-in. All
 * pairs are consumed even when one refuses, so an attacker cannot spare one counter by
 * tripping another. Refused: the longest retryAfterSec among the refusals.
 */
export async function limitAll(entries: ReadonlyArray<readonly [Limiter, string]>): Promise<ConsumeResult> {
  const results = await Promise.all(entries.map(([limiter, key]) => limiter.consume(key)));
  let worst = 0;
  for (const result of results) {
    if (!result.allowed) worst = Math.max(worst, result.retryAfterSec);
  }
  return worst > 0 ? { allowed: false, retryAfterSec: worst } : { allowed: true };
}
