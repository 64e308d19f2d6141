import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAlertSignature } from "@/lib/alerts";
import { exportAuditCheckpoint, type CheckpointDeps } from "@/lib/audit/checkpoint";
import { checkCheckpoint, readCheckpointFile, signCheckpoint } from "@/lib/audit/checkpoint-file";
import { appendAudit, verifyAuditChain } from "@/lib/audit/log";
import { parseKeyringSpec } from "@/lib/security/crypto";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { auditVerifyCli, newAuditKey, plainHash } from "./audit-helpers";

const AUDIT_HMAC_KEYS = `1:${newAuditKey()}`;
const keyring = parseKeyringSpec(AUDIT_HMAC_KEYS);
const WEBHOOK_SECRET = "audit_webhook_secret_0123456789abcdefghij";
const admin = { id: "user-admin", email: "admin@example.com" };

async function startReceiver() {
  const hits: Array<{ signature: string | undefined; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hits.push({
        signature: req.headers["x-store-signature"] as string | undefined,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/audit`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(providers())("signed audit checkpoints on %s", (provider) => {
  let t: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let file: string;
  let deps: CheckpointDeps;
  const append = (i: number) =>
    appendAudit(t.db, { actor: admin, action: "order.refund", target: `order:${i}`, detail: { i } }, keyring);
  const lines = () => readFileSync(file, "utf8").trim().split("\n");

  beforeAll(async () => {
    t = await freshDatabase(provider);
    receiver = await startReceiver();
    file = join(mkdtempSync(join(tmpdir(), "audit-checkpoints-")), "checkpoints.jsonl");
    deps = {
      keyring,
      file,
      env: {
        APP_URL: "https://shop.example.com",
        ALERT_WEBHOOK_URL: receiver.url,
        ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
      fetch,
      now: () => new Date(),
    };
  });
  afterAll(async () => {
    await receiver.close();
    await t.drop();
  });

  it("exports a signed checkpoint of the tip to the file and the webhook, only when the chain advanced", async () => {
    expect(await exportAuditCheckpoint(t.db, deps)).toMatchObject({ written: false, reason: "empty" });
    for (let i = 1; i <= 4; i++) await append(i);
    const tip = (await t.db.auditLog.findFirst({ orderBy: { seq: "desc" } }))!;
    // Two instances' schedulers at once: the tip is claimed once.
    const runs = await Promise.all([exportAuditCheckpoint(t.db, deps), exportAuditCheckpoint(t.db, deps)]);
    expect(runs.filter((r) => r.written)).toHaveLength(1);
    expect(runs.find((r) => !r.written)).toMatchObject({ reason: "unchanged" });
    expect(await exportAuditCheckpoint(t.db, deps)).toMatchObject({ written: false, reason: "unchanged" });
    expect(lines()).toHaveLength(1);
    const line = JSON.parse(lines()[0]!) as unknown;
    expect(line).toMatchObject({ type: "audit.checkpoint", seq: tip.seq, hash: tip.hash, keyVersion: 1 });
    expect(checkCheckpoint(keyring, line).ok).toBe(true);

    expect(receiver.hits).toHaveLength(1);
    const hit = receiver.hits[0]!;
    expect(verifyAlertSignature(WEBHOOK_SECRET, hit.body, hit.signature)).toBe(true);
    const body = JSON.parse(hit.body) as { kind: string; evidence: unknown; dashboardUrl: string };
    expect(body).toMatchObject({
      kind: "AUDIT_CHECKPOINT",
      dashboardUrl: "https://shop.example.com/admin/audit",
      evidence: line,
    });

    await append(5);
    expect(await exportAuditCheckpoint(t.db, deps)).toMatchObject({ written: true, file: true, webhook: true });
    expect(lines()).toHaveLength(2);
    expect(receiver.hits).toHaveLength(2);
  });

  it("deleted newest entries pass without a checkpoint and are caught with one, also after the chain grows again", async () => {
    const checkpointed = readCheckpointFile(keyring, file);
    expect(checkpointed.ok).toBe(true);
    const seq = checkpointed.ok ? checkpointed.checkpoint.seq : 0;
    expect(
      (await verifyAuditChain(t.db, { keyring, checkpoint: checkpointed.ok ? checkpointed.checkpoint : null })).ok,
    ).toBe(true);
    expect(await auditVerifyCli(t.url, AUDIT_HMAC_KEYS, ["--checkpoint", file])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/OK, 5 entries, chain intact up to #\d+; holds checkpointed entry #\d+/) as unknown,
    });

    await t.db.auditLog.deleteMany({ where: { seq: { gte: seq - 1 } } });
    // Without the checkpoint, a shorter chain is a valid chain.
    expect(await verifyAuditChain(t.db, { keyring })).toMatchObject({ ok: true, count: 3 });
    expect((await auditVerifyCli(t.url, AUDIT_HMAC_KEYS)).code).toBe(0);

    const cut = await auditVerifyCli(t.url, AUDIT_HMAC_KEYS, ["--checkpoint", file]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain(`BROKEN at entry #${seq} (truncated): the entry is named by the checkpoint of`);
    expect(cut.stderr).toMatch(/is missing \(the chain ends at entry #\d+\): entries were deleted/);

    // The store keeps appending after the cut: the chain links again, but the entry is gone.
    for (let i = 6; i <= 8; i++) await append(i);
    const regrown = await verifyAuditChain(t.db, {
      keyring,
      checkpoint: checkpointed.ok ? checkpointed.checkpoint : null,
    });
    expect(regrown).toMatchObject({ ok: false, problem: "truncated", firstBadSeq: seq });
    expect(!regrown.ok && regrown.reason).toMatch(
      new RegExp(`the chain goes from entry #${seq - 2} to entry #\\d+\\): entries were deleted`),
    );
  });

  it("refuses a forged checkpoint file, and one signed with somebody else's key", async () => {
    const tip = (await t.db.auditLog.findFirst({ orderBy: { seq: "desc" } }))!;
    const forgedFile = join(mkdtempSync(join(tmpdir(), "audit-forged-")), "checkpoints.jsonl");
    // The cut chain's own tip with a signature lifted from a genuine line.
    const genuine = JSON.parse(lines()[0]!) as Record<string, unknown>;
    writeFileSync(forgedFile, `${JSON.stringify({ ...genuine, seq: tip.seq, hash: tip.hash })}\n`);
    const forged = await auditVerifyCli(t.url, AUDIT_HMAC_KEYS, ["--checkpoint", forgedFile]);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain("checkpoint refused: line 1 of");
    expect(forged.stderr).toContain("has a bad signature: it was forged or altered");

    const attackerKeys = parseKeyringSpec(`1:${newAuditKey()}`);
    writeFileSync(
      forgedFile,
      `${JSON.stringify(signCheckpoint(attackerKeys, { seq: tip.seq, hash: tip.hash, at: new Date() }))}\n`,
    );
    expect((await auditVerifyCli(t.url, AUDIT_HMAC_KEYS, ["--checkpoint", forgedFile])).stderr).toContain(
      "has a bad signature",
    );
  });

  it("catches an entry inserted at the end without the key, keyed or passed off as legacy", async () => {
    const tip = (await t.db.auditLog.findFirst({ orderBy: { seq: "desc" } }))!;
    const row = {
      seq: tip.seq + 1,
      at: new Date(),
      actorId: null,
      actorEmail: null,
      action: "order.approve",
      target: "order:x",
      detail: "{}",
      ip: null,
    };
    const hash = plainHash(row, tip.hash);
    for (const keyVersion of [1, 0]) {
      await t.db.auditLog.create({ data: { ...row, prevHash: tip.hash, hash, keyVersion } });
      const result = await verifyAuditChain(t.db, { keyring });
      expect(result).toMatchObject({
        ok: false,
        firstBadSeq: row.seq,
        problem: keyVersion ? "edited" : "legacy-after-keyed",
      });
      await t.db.auditLog.delete({ where: { seq: row.seq } });
    }
    expect((await verifyAuditChain(t.db, { keyring })).ok).toBe(true);
  });

  it("npm run sweep exports the checkpoint to AUDIT_CHECKPOINT_FILE", async () => {
    await append(9);
    const sweepFile = join(mkdtempSync(join(tmpdir(), "audit-sweep-")), "checkpoints.jsonl");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: t.url,
      APP_URL: "https://shop.example.com",
      AUTH_SECRET: "sweep-test-auth-secret-0123456789abcdef",
      DATA_ENCRYPTION_KEYS: `1:${newAuditKey()}`,
      AUDIT_HMAC_KEYS,
      AUDIT_CHECKPOINT_FILE: sweepFile,
      STRIPE_SECRET_KEY: "sk_test_audit",
      STRIPE_WEBHOOK_SECRET: "whsec_audit",
      STRIPE_API_URL: "http://127.0.0.1:9",
      ALERT_WEBHOOK_URL: "",
    };
    const { stdout } = await promisify(execFile)("npx", ["tsx", "--conditions=react-server", "scripts/sweep.ts"], {
      env,
    });
    const tip = (await t.db.auditLog.findFirst({ orderBy: { seq: "desc" } }))!;
    expect(stdout).toContain(`audit checkpoint: entry #${tip.seq} exported to the file`);
    expect(readCheckpointFile(keyring, sweepFile)).toMatchObject({
      ok: true,
      checkpoint: { seq: tip.seq, hash: tip.hash },
    });
  });
});
