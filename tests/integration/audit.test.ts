import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installAuditKeys } from "@/lib/audit/keys";
import { appendAudit, AUDIT_PAGE_SIZE, GENESIS_HASH, listAudit, verifyAuditChain } from "@/lib/audit/log";
import { parseKeyringSpec } from "@/lib/security/crypto";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { newAuditKey } from "./audit-helpers";

const run = promisify(execFile);
const admin = { id: "user-admin", email: "admin@example.com" };
// The store's keys, as AUDIT_HMAC_KEYS; the CLI below is given the same setting.
const AUDIT_HMAC_KEYS = `1:${newAuditKey()}`;
installAuditKeys(parseKeyringSpec(AUDIT_HMAC_KEYS));

describe.each(providers())("audit hash chain on %s", (provider) => {
  let t: TestDatabase;
  const seqs: number[] = [];
  const row = (seq: number) => t.db.auditLog.findUniqueOrThrow({ where: { seq } });

  beforeAll(async () => {
    t = await freshDatabase(provider);
    for (let i = 1; i <= 6; i++) {
      const { seq } = await appendAudit(t.db, {
        actor: i % 2 ? admin : null,
        action: i % 2 ? "rules.save" : "order.expired",
        target: `thing:${i}`,
        detail: { step: i, nested: { b: 2, a: 1 } },
        ip: i % 2 ? "203.0.113.7" : null,
      });
      seqs.push(seq);
    }
  });
  afterAll(async () => {
    await t.drop();
  });

  it("links every entry to the one before it, from the genesis hash, and verifies", async () => {
    const rows = await t.db.auditLog.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual(seqs);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows.every((r) => r.keyVersion === 1)).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(rows[0]).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      action: "rules.save",
      target: "thing:1",
      ip: "203.0.113.7",
    });
    expect(JSON.parse(rows[0]!.detail)).toEqual({ step: 1, nested: { a: 1, b: 2 } });
    expect(rows[1]).toMatchObject({ actorId: null, actorEmail: null, ip: null });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 6 });
    // Walking in small batches crosses batch boundaries and reaches the same verdict.
    expect(await verifyAuditChain(t.db, { batchSize: 4 })).toMatchObject({ ok: true, count: 6 });
  });

  it("lists newest first, 50 a page, optionally by action", async () => {
    const all = await listAudit(t.db, { page: 1 });
    expect(AUDIT_PAGE_SIZE).toBe(50);
    expect(all).toMatchObject({ page: 1, pages: 1, total: 6 });
    expect(all.rows.map((r) => r.seq)).toEqual([...seqs].reverse());
    const expired = await listAudit(t.db, { page: 1, action: "order.expired" });
    expect(expired.total).toBe(3);
    expect(expired.rows.every((r) => r.action === "order.expired")).toBe(true);
    expect((await listAudit(t.db, { page: 2 })).rows).toEqual([]);
  });

  it.each([
    ["detail", `{"step":99}`],
    ["action", "rules.view"],
    ["actorEmail", "someone-else@example.com"],
    ["actorId", "user-other"],
    ["target", "thing:other"],
    ["ip", "198.51.100.1"],
  ] as const)("an edited %s fails verification at exactly that entry", async (column, value) => {
    const seq = seqs[2]!;
    const original = await row(seq);
    const set = (v: string | null) =>
      t.db.$executeRawUnsafe(
        `UPDATE "AuditLog" SET "${column}" = ${provider === "sqlite" ? "?" : "$1"} WHERE "seq" = ${seq}`,
        v,
      );
    await set(value);
    const broken = await verifyAuditChain(t.db, { batchSize: 2 });
    expect(broken).toMatchObject({ ok: false, firstBadSeq: seq, count: 2 });
    expect(broken.ok === false && broken.reason).toMatch(/edited/);
    await set(original[column]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 6 });
  });

  it("an entry edited and re-hashed breaks the link of the entry after it", async () => {
    const seq = seqs[1]!;
    const original = await row(seq);
    await t.db.$executeRawUnsafe(
      `UPDATE "AuditLog" SET "hash" = ${provider === "sqlite" ? "?" : "$1"} WHERE "seq" = ${seq}`,
      "f".repeat(64),
    );
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadSeq: seq });
    await t.db.$executeRawUnsafe(
      `UPDATE "AuditLog" SET "hash" = ${provider === "sqlite" ? "?" : "$1"} WHERE "seq" = ${seq}`,
      original.hash,
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("swapping two entries' order fails at the first of them", async () => {
    const [a, b] = [seqs[3]!, seqs[4]!];
    const swap = async (x: number, y: number) => {
      await t.db.$executeRawUnsafe(`UPDATE "AuditLog" SET "seq" = -1 WHERE "seq" = ${x}`);
      await t.db.$executeRawUnsafe(`UPDATE "AuditLog" SET "seq" = ${x} WHERE "seq" = ${y}`);
      await t.db.$executeRawUnsafe(`UPDATE "AuditLog" SET "seq" = ${y} WHERE "seq" = -1`);
    };
    await swap(a, b);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadSeq: a, count: 3 });
    await swap(a, b);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("20 concurrent appends all land, in one unbroken chain", async () => {
    const before = await t.db.auditLog.count();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit(t.db, { actor: admin, action: "admin.access", target: `page:${i}`, detail: { i } }),
      ),
    );
    expect(new Set(results.map((r) => r.seq)).size).toBe(20);
    expect(await t.db.auditLog.count()).toBe(before + 20);
    const targets = (await t.db.auditLog.findMany({ where: { action: "admin.access" }, select: { target: true } }))
      .map((r) => r.target)
      .sort();
    expect(targets).toEqual(Array.from({ length: 20 }, (_, i) => `page:${i}`).sort());
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: before + 20 });
    seqs.push(...results.map((r) => r.seq).sort((x, y) => x - y));
  });

  it("npm run audit:verify prints OK, and exits 1 naming the entry once a middle entry is deleted", async () => {
    const env = { ...process.env, DATABASE_URL: t.url, AUDIT_HMAC_KEYS };
    const script = ["tsx", "--conditions=react-server", "scripts/audit-verify.ts"];
    const ok = await run("npx", script, { env });
    expect(ok.stdout).toMatch(/OK, 26 entries, chain intact up to #\d+; no checkpoint given/);

    const deleted = seqs[2]!;
    await t.db.$executeRawUnsafe(`DELETE FROM "AuditLog" WHERE "seq" = ${deleted}`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadSeq: seqs[3], count: 2 });
    const failed = await run("npx", script, { env }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`BROKEN at entry #${seqs[3]}`);
  });
});
