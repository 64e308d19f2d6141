import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Keyring } from "@/lib/security/crypto";
import { AuditKeyError, auditMac, sameDigest } from "./keys";
import { canonicalJson } from "./log";

// A checkpoint says "the audit chain held entry #seq with this hash at this time", signed with
// the audit key, so that a copy kept away from the database (a file on another disk, a webhook
// receiver) proves which entries existed. One checkpoint is one JSON line:
//   {"type":"audit.checkpoint","seq":42,"hash":"…","at":"…","keyVersion":1,"signature":"…"}

const CHECKPOINT_TYPE = "audit.checkpoint";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const checkpointSchema = z.strictObject({
  type: z.literal(CHECKPOINT_TYPE),
  seq: z.number().int().positive(),
  hash: hex64,
  at: z.iso.datetime(),
  keyVersion: z.number().int().positive(),
  signature: hex64,
});

export type SignedCheckpoint = z.infer<typeof checkpointSchema>;

type Claim = { seq: number; hash: string; at: string; keyVersion: number };

// "purpose" keeps a checkpoint's MAC from ever equalling an entry's (lib/audit/log.ts).
const signedText = (c: Claim) =>
  canonicalJson({ purpose: "audit-checkpoint", seq: c.seq, hash: c.hash, at: c.at, keyVersion: c.keyVersion });

/** Signs the claim that the chain's entry `seq` has `hash`, with the newest audit key. */
export function signCheckpoint(keyring: Keyring, claim: { seq: number; hash: string; at: Date }): SignedCheckpoint {
  const body = { seq: claim.seq, hash: claim.hash, at: claim.at.toISOString(), keyVersion: keyring.current };
  return { type: CHECKPOINT_TYPE, ...body, signature: auditMac(keyring, keyring.current, signedText(body)) };
}

export type CheckpointCheck =
  | { ok: true; checkpoint: SignedCheckpoint }
  | { ok: false; problem: "malformed" | "forged" | "unknown-key"; reason: string };

/** Checks one parsed checkpoint: its shape, then its signature under the key it names. */
export function checkCheckpoint(keyring: Keyring, value: unknown): CheckpointCheck {
  const parsed = checkpointSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problem: "malformed", reason: "is not an audit checkpoint" };
  const checkpoint = parsed.data;
  let expected: string;
  try {
    expected = auditMac(keyring, checkpoint.keyVersion, signedText(checkpoint));
  } catch (error) {
    if (error instanceof AuditKeyError) return { ok: false, problem: "unknown-key", reason: `was ${error.message}` };
    throw error;
  }
  if (!sameDigest(expected, checkpoint.signature))
    return { ok: false, problem: "forged", reason: "has a bad signature: it was forged or altered" };
  return { ok: true, checkpoint };
}

export type CheckpointFile =
  { ok: true; checkpoint: SignedCheckpoint; valid: number; skipped: string[] } | { ok: false; reason: string };

/**
 * The newest valid checkpoint in a JSON-lines file: the one with the highest seq, so a stale line
 * copied to the end does not roll the anchor back. Any line with a bad signature refuses the
 * whole file (someone tampered with it). Lines that are not checkpoints (a torn last write) and
 * lines signed with a key no longer configured are skipped and reported.
 */
export function readCheckpointFile(keyring: Keyring, path: string): CheckpointFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, reason: `cannot read ${path}${typeof code === "string" ? ` (${code})` : ""}` };
  }
  let newest: SignedCheckpoint | null = null;
  let valid = 0;
  const skipped: string[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const check = checkCheckpoint(keyring, value);
    if (!check.ok && check.problem === "forged")
      return { ok: false, reason: `line ${index + 1} of ${path} ${check.reason}` };
    if (!check.ok) {
      skipped.push(`line ${index + 1} ${check.reason}`);
      continue;
    }
    valid++;
    if (!newest || check.checkpoint.seq >= newest.seq) newest = check.checkpoint;
  }
  if (!newest)
    return {
      ok: false,
      reason: `${path} holds no valid checkpoint${skipped.length ? ` (${skipped.join("; ")})` : ""}`,
    };
  return { ok: true, checkpoint: newest, valid, skipped };
}
