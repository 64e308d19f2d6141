import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLimiterStore } from "@/lib/rate-limit";
import { BASE_COST, CHALLENGE_TTL_SEC, challengeCost, createChallenges, MAX_COST } from "@/lib/shield/challenge";
import { solveChallenge } from "@/lib/shield/solve";

const fresh = () =>
  createChallenges(randomBytes(32), createLimiterStore({ keyPrefix: `pow-${randomBytes(4).toString("hex")}` }));
const decode = (payload: string) =>
  JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as {
    challenge: { parameters: Record<string, unknown>; signature: string };
    solution: { counter: number; derivedKey: string };
  };
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

describe("proof-of-work challenge (ALTCHA v2 through altcha-lib)", () => {
  it("accepts a solved challenge once, as the widget's base64 payload or parsed", async () => {
    const c = fresh();
    const payload = (await solveChallenge(await c.create({ cost: 200 })))!;
    expect(payload).toEqual(expect.any(String));
    expect(await c.verify(payload)).toEqual({ ok: true });
    expect(await c.verify(payload)).toEqual({ ok: false, reason: "replayed" });
    expect(await c.verify(decode(payload))).toEqual({ ok: false, reason: "replayed" });
  });

  it("makes the client work: the counter is secret and between cost/2 and cost", async () => {
    const c = fresh();
    const challenge = await c.create({ cost: 400 });
    expect(challenge.parameters).toMatchObject({ algorithm: "SHA-256", data: { cost: 400 } });
    const { solution } = decode((await solveChallenge(challenge))!);
    expect(solution.counter).toBeGreaterThanOrEqual(200);
    expect(solution.counter).toBeLessThanOrEqual(400);
  });

  it("refuses a wrong answer, a forged or tampered challenge, another server's challenge and garbage", async () => {
    const c = fresh();
    const good = decode((await solveChallenge(await c.create({ cost: 200 })))!);
    // The derived key is the proof of work (checked against its signature); a guessed one fails.
    expect(await c.verify(encode({ ...good, solution: { ...good.solution, derivedKey: "ab".repeat(32) } }))).toEqual({
      ok: false,
      reason: "wrong",
    });
    expect(await c.verify(encode({ ...good, challenge: { ...good.challenge, signature: "0".repeat(64) } }))).toEqual({
      ok: false,
      reason: "forged",
    });
    // Raising the expiry or lowering the prefix breaks the signature.
    const later = { ...good.challenge.parameters, expiresAt: (good.challenge.parameters.expiresAt as number) + 3_600 };
    expect(await c.verify(encode({ ...good, challenge: { ...good.challenge, parameters: later } }))).toEqual({
      ok: false,
      reason: "forged",
    });
    // A client that makes its own easy challenge cannot sign it for this server.
    const other = decode((await solveChallenge(await fresh().create({ cost: 2 })))!);
    expect(await c.verify(encode(other))).toEqual({ ok: false, reason: "forged" });
    for (const junk of [
      null,
      "",
      "!!!",
      {},
      encode({}),
      encode({ ...good, extra: 1 }),
      encode({
        ...good,
        challenge: { ...good.challenge, parameters: { ...good.challenge.parameters, algorithm: "PBKDF2/SHA-256" } },
      }),
      "A".repeat(5_000),
    ]) {
      expect(await c.verify(junk)).toEqual({ ok: false, reason: "malformed" });
    }
    // The genuine solution still works after all that.
    expect(await c.verify(encode(good))).toEqual({ ok: true });
  });

  it("refuses an expired challenge", async () => {
    const c = fresh();
    const now = new Date();
    const payload = (await solveChallenge(await c.create({ cost: 100, now })))!;
    expect(await c.verify(payload, { now: new Date(now.getTime() + (CHALLENGE_TTL_SEC + 1) * 1000) })).toEqual({
      ok: false,
      reason: "expired",
    });
    // Issued long ago: expired by the real clock too.
    const old = (await solveChallenge(
      await c.create({ cost: 100, now: new Date(now.getTime() - (CHALLENGE_TTL_SEC + 5) * 1000) }),
    ))!;
    expect(await c.verify(old)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a challenge cheaper than the client owes now, without spending it", async () => {
    const c = fresh();
    const payload = (await solveChallenge(await c.create({ cost: 100 })))!;
    expect(await c.verify(payload, { minCost: 200 })).toEqual({ ok: false, reason: "too-cheap" });
    expect(await c.verify(payload, { minCost: 100 })).toEqual({ ok: true });
  });

  it("costs more the more a client has tried", () => {
    expect(challengeCost(0)).toBe(BASE_COST);
    expect(challengeCost(2)).toBe(BASE_COST);
    expect(challengeCost(3)).toBe(BASE_COST * 2);
    expect(challengeCost(5)).toBe(BASE_COST * 8);
    expect(challengeCost(100)).toBe(MAX_COST);
  });
});
