import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLimiterStore } from "@/lib/rate-limit";
import { BASE_COST, CHALLENGE_TTL_SEC, challengeCost, createChallenges, MAX_COST, solveChallenge } from "@/lib/shield/challenge";

const fresh = () => createChallenges(randomBytes(32), createLimiterStore({ keyPrefix: `pow-${randomBytes(4).toString("hex")}` }));

describe("proof-of-work challenge", () => {
  it("accepts a solved challenge once, as JSON or base64", async () => {
    const c = fresh();
    const challenge = c.create({ cost: 2_000 });
    const number = solveChallenge(challenge);
    expect(number).not.toBeNull();
    const solution = { algorithm: "SHA-256", challenge: challenge.challenge, number, salt: challenge.salt, signature: challenge.signature };
    expect(await c.verify(Buffer.from(JSON.stringify(solution)).toString("base64"))).toEqual({ ok: true });
    expect(await c.verify(solution)).toEqual({ ok: false, reason: "replayed" });
  });

  it("refuses a wrong number, a forged signature, another server's challenge and garbage", async () => {
    const c = fresh();
    const challenge = c.create({ cost: 1_000 });
    const number = solveChallenge(challenge)!;
    const base = { algorithm: "SHA-256", challenge: challenge.challenge, number, salt: challenge.salt, signature: challenge.signature };
    expect(await c.verify({ ...base, number: (number + 1) % 1_001 })).toEqual({ ok: false, reason: "wrong" });
    // A client that makes its own easy challenge cannot sign it.
    const easySalt = `${"0".repeat(24)}?expires=99999999999&cost=1`;
    const forged = fresh().create({ cost: 1 });
    expect(await c.verify({ ...base, salt: easySalt, challenge: forged.challenge, number: 0, signature: forged.signature })).toEqual({ ok: false, reason: "forged" });
    expect(await c.verify({ ...base, signature: "0".repeat(64) })).toEqual({ ok: false, reason: "forged" });
    // Raising the expiry in the salt breaks the hash.
    expect(await c.verify({ ...base, salt: base.salt.replace(/expires=\d+/, "expires=99999999999") })).toMatchObject({ ok: false });
    for (const junk of [null, "", "!!!", {}, { ...base, number: -1 }, { ...base, algorithm: "SHA-1" }]) expect(await c.verify(junk)).toEqual({ ok: false, reason: "malformed" });
    // The genuine solution still works after all that.
    expect(await c.verify(base)).toEqual({ ok: true });
  });

  it("refuses an expired challenge", async () => {
    const c = fresh();
    const now = new Date();
    const challenge = c.create({ cost: 500, now });
    const solution = { algorithm: "SHA-256", challenge: challenge.challenge, number: solveChallenge(challenge), salt: challenge.salt, signature: challenge.signature };
    expect(await c.verify(solution, { now: new Date(now.getTime() + (CHALLENGE_TTL_SEC + 1) * 1000) })).toEqual({ ok: false, reason: "expired" });
  });

  it("costs more the more a client has tried", () => {
    expect(challengeCost(0)).toBe(BASE_COST);
    expect(challengeCost(2)).toBe(BASE_COST);
    expect(challengeCost(3)).toBe(BASE_COST * 2);
    expect(challengeCost(5)).toBe(BASE_COST * 8);
    expect(challengeCost(100)).toBe(MAX_COST);
  });
});
