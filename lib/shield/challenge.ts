import "server-only";
import { createHmac, randomInt } from "node:crypto";
import { createChallenge, verifySolution, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { z } from "zod";
import { createLimiter, type Limiter, type LimiterStore } from "@/lib/rate-limit";

// The checkout's proof-of-work challenge: ALTCHA's protocol (version 2), made and checked by
// altcha-lib on this server and solved in the shopper's browser by the altcha widget
// (components/checkout/bot-check.tsx). No third party is involved.
//   - A challenge is a random nonce and salt, an algorithm (iterated SHA-256), a key prefix and
//     an expiry, signed with HMAC-SHA256 under a key derived from AUTH_SECRET. In ALTCHA's
//     "deterministic" mode the server picks a secret counter between cost/2 and cost and signs
//     the key it derives from it: the browser has to try counters from 0 upwards until its key
//     starts with the prefix (on average 3/4 × cost SHA-256 hashes), while the server checks a
//     solution with one HMAC (the key signature).
//   - The cost is signed into the challenge (parameters.data.cost) and rises with the client's
//     recent checkout starts (challengeCost): a solution cheaper than what the client owes
//     now is refused, so cheap challenges fetched early cannot be spent later.
//   - A solution is accepted once: its signature goes into a replay store on the rate-limit
//     store (Redis when REDIS_URL is set, so every instance refuses it) until it has expired.

export const CHALLENGE_TTL_SEC = 10 * 60;
const ALGORITHM = "SHA-256";
/** The cost at the normal level: about 15,000 SHA-256 hashes, well under a second on a phone. */
export const BASE_COST = 20_000;
export const MAX_COST = 1_280_000;

export type { Challenge };

/** The cost for a client with `recentAttempts` checkout starts in the current window: doubling per attempt past the second. */
export function challengeCost(recentAttempts: number): number {
  const extra = Math.max(0, Math.min(20, Math.floor(recentAttempts) - 2));
  return Math.min(BASE_COST * 2 ** extra, MAX_COST);
}

export type ChallengeRefusal = "malformed" | "forged" | "expired" | "wrong" | "too-cheap" | "replayed";
type ChallengeVerdict = { ok: true } | { ok: false; reason: ChallengeRefusal };

const hex = (min: number, max: number) => z.string().regex(new RegExp(`^(?:[0-9a-f]{2}){${min},${max}}$`));

// Exactly what createChallenge signs; anything else is refused before any cryptography.
const payloadSchema = z
  .object({
    challenge: z
      .object({
        parameters: z
          .object({
            algorithm: z.literal(ALGORITHM),
            nonce: hex(16, 16),
            salt: hex(16, 16),
            cost: z.literal(1),
            keyLength: z.literal(32),
            keyPrefix: hex(1, 32),
            keySignature: hex(32, 32),
            expiresAt: z.number().int().positive(),
            data: z.object({ cost: z.number().int().min(1).max(MAX_COST) }).strict(),
          })
          .strict(),
        signature: hex(32, 32),
      })
      .strict(),
    solution: z
      .object({
        counter: z.number().int().min(0).max(0xffffffff),
        derivedKey: hex(32, 32),
        time: z.number().optional(),
      })
      .strict(),
  })
  .strict();

/** The payload as the widget posts it: base64 of JSON. */
function decode(input: unknown): unknown {
  if (typeof input !== "string") return input;
  if (input.length === 0 || input.length > 4_000) return null;
  try {
    return JSON.parse(Buffer.from(input, "base64").toString("utf8")) as unknown;
  } catch {
    return null;
  }
}

export interface Challenges {
  create(options?: { cost?: number; now?: Date }): Promise<Challenge>;
  /**
   * Accepts a solution (the widget's base64 payload, or the parsed object) once. `minCost`: the
   * cost this client owes now; a solution of a cheaper challenge is refused.
   */
  verify(solution: unknown, options?: { now?: Date; minCost?: number }): Promise<ChallengeVerdict>;
}

export function createChallenges(key: Buffer, store: LimiterStore): Challenges {
  if (key.length < 32) throw new RangeError("the challenge key must be at least 32 bytes");
  // Two secrets from one key: one signs the challenge, one signs the key the solution must find.
  const secret = (label: string) => createHmac("sha256", key).update(`altcha:${label}`).digest("hex");
  const hmacSignatureSecret = secret("challenge");
  const hmacKeySignatureSecret = secret("derived-key");
  const used: Limiter = createLimiter(store, {
    name: "checkout-challenge-used",
    points: 1,
    durationSec: CHALLENGE_TTL_SEC + 60,
  });
  return {
    async create({ cost = BASE_COST, now = new Date() } = {}) {
      const level = Math.max(2, Math.min(Math.floor(cost), MAX_COST));
      return createChallenge({
        algorithm: ALGORITHM,
        cost: 1,
        counter: randomInt(Math.ceil(level / 2), level + 1),
        data: { cost: level },
        deriveKey,
        expiresAt: Math.floor(now.getTime() / 1000) + CHALLENGE_TTL_SEC,
        hmacSignatureSecret,
        hmacKeySignatureSecret,
      });
    },
    async verify(input, { now = new Date(), minCost = 0 } = {}) {
      const parsed = payloadSchema.safeParse(decode(input));
      if (!parsed.success) return { ok: false, reason: "malformed" };
      const { challenge, solution } = parsed.data;
      const result = await verifySolution({
        challenge,
        solution,
        deriveKey,
        hmacSignatureSecret,
        hmacKeySignatureSecret,
      });
      if (result.invalidSignature) return { ok: false, reason: "forged" };
      if (result.expired || challenge.parameters.expiresAt * 1000 <= now.getTime())
        return { ok: false, reason: "expired" };
      if (!result.verified) return { ok: false, reason: "wrong" };
      if (challenge.parameters.data.cost < minCost) return { ok: false, reason: "too-cheap" };
      // Counted only once everything else holds, so garbage cannot fill the replay store.
      return (await used.consume(challenge.signature)).allowed ? { ok: true } : { ok: false, reason: "replayed" };
    },
  };
}
