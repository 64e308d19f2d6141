import { mkdtempSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkCheckpoint, readCheckpointFile, signCheckpoint } from "@/lib/audit/checkpoint-file";
import { parseKeyringSpec } from "@/lib/security/crypto";

const k1 = randomBytes(32).toString("base64");
const k2 = randomBytes(32).toString("base64");
const keys = parseKeyringSpec(`1:${k1}`);
const rotated = parseKeyringSpec(`1:${k1},2:${k2}`);
const hash = (c: string) => c.repeat(64);
const at = new Date("2026-12-01T06:00:00.000Z");

function file(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), "checkpoints-")), "audit.jsonl");
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

describe("audit checkpoints", () => {
  it("sign the tip's seq, hash and time with the newest key, and verify", () => {
    const c = signCheckpoint(keys, { seq: 42, hash: hash("a"), at });
    expect(c).toMatchObject({
      type: "audit.checkpoint",
      seq: 42,
      hash: hash("a"),
      at: at.toISOString(),
      keyVersion: 1,
    });
    expect(c.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(checkCheckpoint(keys, JSON.parse(JSON.stringify(c)))).toEqual({ ok: true, checkpoint: c });
    expect(signCheckpoint(rotated, { seq: 42, hash: hash("a"), at }).keyVersion).toBe(2);
  });

  it.each([
    ["a lower seq", { seq: 41 }],
    ["another hash", { hash: hash("b") }],
    ["another time", { at: "2026-12-01T07:00:00.000Z" }],
    ["another key version", { keyVersion: 2 }],
  ])("refuse a checkpoint altered to claim %s as forged", (_name, change) => {
    const c = { ...signCheckpoint(keys, { seq: 42, hash: hash("a"), at }), ...change };
    expect(checkCheckpoint(rotated, c)).toMatchObject({ ok: false, problem: "forged" });
  });

  it("refuse one signed with a key the store does not hold, and anything that is not a checkpoint", () => {
    const stranger = parseKeyringSpec(`1:${randomBytes(32).toString("base64")}`);
    expect(checkCheckpoint(keys, signCheckpoint(stranger, { seq: 42, hash: hash("a"), at }))).toMatchObject({
      ok: false,
      problem: "forged",
    });
    expect(checkCheckpoint(keys, { type: "audit.checkpoint", seq: 1 })).toMatchObject({
      ok: false,
      problem: "malformed",
    });
    expect(checkCheckpoint(keys, { ...signCheckpoint(keys, { seq: 1, hash: hash("a"), at }), extra: 1 })).toMatchObject(
      { ok: false, problem: "malformed" },
    );
  });

  it("still verify after a rotation, and name the key once it is removed", () => {
    const old = signCheckpoint(keys, { seq: 7, hash: hash("c"), at });
    expect(checkCheckpoint(rotated, old).ok).toBe(true);
    const check = checkCheckpoint(parseKeyringSpec(`2:${k2}`), old);
    expect(check).toMatchObject({ ok: false, problem: "unknown-key" });
    expect(!check.ok && check.reason).toContain("audit key v1, which is not in AUDIT_HMAC_KEYS (known: v2)");
  });

  it("a file yields its highest checkpoint, even when a stale line was copied after it, and skips a torn line", () => {
    const lines = [10, 30, 20].map((seq) =>
      JSON.stringify(signCheckpoint(keys, { seq, hash: hash(String(seq % 9)), at })),
    );
    const result = readCheckpointFile(keys, file([...lines, lines[0]!, '{"type":"audit.chec']));
    expect(result).toMatchObject({ ok: true, valid: 4, checkpoint: { seq: 30 } });
    expect(result.ok && result.skipped).toEqual(["line 5 is not an audit checkpoint"]);
  });

  it("a file with one forged line is refused as a whole", () => {
    const good = signCheckpoint(keys, { seq: 10, hash: hash("a"), at });
    const forged = { ...signCheckpoint(keys, { seq: 5, hash: hash("b"), at }), seq: 99 };
    const result = readCheckpointFile(keys, file([JSON.stringify(good), JSON.stringify(forged)]));
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toMatch(/line 2 of .* has a bad signature: it was forged or altered/);
  });

  it("a missing file or one without a valid checkpoint says so", () => {
    expect(readCheckpointFile(keys, "/nonexistent/audit.jsonl")).toEqual({
      ok: false,
      reason: "cannot read /nonexistent/audit.jsonl (ENOENT)",
    });
    const onlyOld = file([JSON.stringify(signCheckpoint(keys, { seq: 3, hash: hash("d"), at }))]);
    const result = readCheckpointFile(parseKeyringSpec(`2:${k2}`), onlyOld);
    expect(!result.ok && result.reason).toMatch(/holds no valid checkpoint \(line 1 was signed with audit key v1/);
  });
});
