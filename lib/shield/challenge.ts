import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { createLimiter, type Limiter, type LimiterStore } from "@/lib/rate-limit";

// A proof-of-work challenge with no third party, in the format of ALTCHA (altcha-lib is in the
// npm registry but not installed here; this is the same scheme, so its widget could be used):
//   salt      = 12 random bytes hex + "?expires=<unix seconds>&cost=<maxNumber>"
//   challenge = SHA-256 hex of (salt + secret number), the number drawn from 0..maxNumber
//   signature = HMAC-SHA256 hex of the challenge under a server key
// The client tries numbers from 0 upwards until SHA-256(salt + n) equals the challenge (on
// average maxNumber / 2 hashes) and sends back { algorithm, challenge, number, salt, signature }.
// The server accepts a solution once: signature valid (forgeries refused), not expired, the
// hash matching, and the signature not seen before (a replay store shared through Redis when
// REDIS_URL is set). The cost rises with the client's recent attempts (challengeCost).
// Status: the server half; the checkout form does not ask for it yet (docs/checkout-shield.md).

export const CHALLENGE_TTL_SEC = 10 * 60;
export const BASE_COST = 50_000;
export const MAX_COST = 1_000_000;

export type Challenge = { algorithm: "SHA-256"; challenge: string; maxnumber: number; salt: string; signature: string };

const solutionSchema = z.object({
  algorithm: z.literal("SHA-256"),
  challenge: z.string().regex(/^[0-9a-f]{64}$/),
  number: z.number().int().min(0).max(MAX_COST),
  salt: z.string().regex(/^[0-9a-f]{24}\?expires=\d{1,12}&cost=\d{1,8}$/),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text, "utf8").digest("hex");

/** The cost for a client with `recentAttempts` checkout starts in the current window: doubling per attempt past the second. */
export function challengeCost(recentAttempts: number): number {
  const extra = Math.max(0, Math.min(20, Math.floor(recentAttempts) - 2));
  return Math.min(BASE_COST * 2 ** extra, MAX_COST);
}

export type ChallengeVerdict = { ok: true } | { ok: false; reason: "malformed" | "forged" | "expired" | "wrong" | "replayed" };

export interface Challenges {
  create(options?: { cost?: number; now?: Date }): Challenge;
  /** Accepts a solution (the parsed JSON or its base64 form, as ALTCHA's widget posts it) once. */
  verify(solution: unknown, options?: { now?: Date }): Promise<ChallengeVerdict>;
}

export function createChallenges(key: Buffer, store: LimiterStore): Challenges {
  if (key.length < 32) throw new RangeError("the challenge key must be at least 32 bytes");
  const used: Limiter = createLimiter(store, { name: "checkout-challenge-used", points: 1, durationSec: CHALLENGE_TTL_SEC + 60 });
  return {
    create({ cost = BASE_COST, now = new Date() } = {}) {
      const maxnumber = Math.max(1, Math.min(Math.floor(cost), MAX_COST));
      const expires = Math.floor(now.getTime() / 1000) + CHALLENGE_TTL_SEC;
      const salt = `${randomBytes(12).toString("hex")}?expires=${expires}&cost=${maxnumber}`;
      const secret = randomBytes(4).readUInt32BE(0) % (maxnumber + 1);
      const challenge = sha256(`${salt}${secret}`);
      return { algorithm: "SHA-256", challenge, maxnumber, salt, signature: hmac(key, challenge) };
    },
    async verify(input, { now = new Date() } = {}) {
      let value = input;
      if (typeof value === "string") {
        try {
          value = JSON.parse(Buffer.from(value.slice(0, 2_000), "base64").toString("utf8")) as unknown;
        } catch {
          return { ok: false, reason: "malformed" };
        }
      }
      const parsed = solutionSchema.safeParse(value);
      if (!parsed.success) return { ok: false, reason: "malformed" };
      const s = parsed.data;
      const expected = Buffer.from(hmac(key, s.challenge), "hex");
      if (!timingSafeEqual(expected, Buffer.from(s.signature, "hex"))) return { ok: false, reason: "forged" };
      const [, expires, cost] = /expires=(\d+)&cost=(\d+)$/.exec(s.salt)!;
      if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
      if (s.number > Number(cost) || sha256(`${s.salt}${s.number}`) !== s.challenge) return { ok: false, reason: "wrong" };
      // Counted only once everything else holds, so garbage cannot fill the replay store.
      return (await used.consume(s.signature)).allowed ? { ok: true } : { ok: false, reason: "replayed" };
    },
  };
}

/** What the client does: the number whose hash is the challenge (tests and the benchmark's bot). */
export function solveChallenge(c: Pick<Challenge, "challenge" | "maxnumber" | "salt">): number | null {
  for (let n = 0; n <= c.maxnumber; n++) if (sha256(`${c.salt}${n}`) === c.challenge) return n;
  return null;
}
