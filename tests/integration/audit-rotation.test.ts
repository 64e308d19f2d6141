import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAuditCheckpoint } from "@/lib/audit/checkpoint";
import { checkCheckpoint, signCheckpoint } from "@/lib/audit/checkpoint-file";
import { appendAudit, verifyAuditChain } from "@/lib/audit/log";
import { parseKeyringSpec } from "@/lib/security/crypto";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { auditVerifyCli, insertLegacyEntries, newAuditKey, rehashFrom } from "./audit-helpers";

const K1 = `1:${newAuditKey()}`;
const K2 = `2:${newAuditKey()}`;
const v1 = parseKeyringSpec(K1);
const both = parseKeyringSpec(`${K1},${K2}`);
const v2only = parseKeyringSpec(K2);
const entry = (i: number) => ({
  actor: { id: "user-admin", email: "admin@example.com" },
  action: "staff.role",
  target: `user:${i}`,
  detail: { i },
});
const noExport = { file: undefined, env: { APP_URL: "https://shop.example.com" }, fetch, now: () => new Date() };

describe.each(providers())("audit key rotation on %s", (provider) => {
  let t: TestDatabase;
  const underV1: number[] = [];
  const underV2: number[] = [];

  beforeAll(async () => {
    t = await freshDatabase(provider);
    for (let i = 0; i < 3; i++) underV1.push((await appendAudit(t.db, entry(i), v1)).seq);
    // AUDIT_HMAC_KEYS=1:…,2:… after the rotation: the highest version signs from now on.
    for (let i = 3; i < 6; i++) underV2.push((await appendAudit(t.db, entry(i), both)).seq);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("signs new entries with the new key while entries under the old key still verify", async () => {
    const versions = await t.db.auditLog.findMany({ orderBy: { seq: "asc" }, select: { keyVersion: true } });
    expect(versions.map((r) => r.keyVersion)).toEqual([1, 1, 1, 2, 2, 2]);
    expect(await verifyAuditChain(t.db, { keyring: both })).toMatchObject({ ok: true, count: 6, legacy: 0 });
    const cli = await auditVerifyCli(t.url, `${K1},${K2}`);
    expect(cli).toMatchObject({ code: 0 });
    expect(cli.stdout).toContain("OK, 6 entries, chain intact");
    // A checkpoint signed before the rotation still checks out.
    expect(
      checkCheckpoint(both, signCheckpoint(v1, { seq: underV1[2]!, hash: "a".repeat(64), at: new Date() })).ok,
    ).toBe(true);
  });

  it("with the old key removed, the old entries cannot be verified, and the message says which key is missing", async () => {
    const result = await verifyAuditChain(t.db, { keyring: v2only });
    expect(result).toMatchObject({ ok: false, firstBadSeq: underV1[0], problem: "unknown-key", count: 0 });
    const cli = await auditVerifyCli(t.url, K2);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(
      `BROKEN at entry #${underV1[0]} (unknown-key): the entry cannot be verified: it was signed with audit key v1, which is not in AUDIT_HMAC_KEYS (known: v2); put that key back to verify it`,
    );
  });

  it("an entry re-signed under the other key does not verify", async () => {
    const seq = underV2[0]!;
    await t.db.auditLog.update({ where: { seq }, data: { keyVersion: 1 } });
    expect(await verifyAuditChain(t.db, { keyring: both })).toMatchObject({
      ok: false,
      firstBadSeq: seq,
      problem: "edited",
    });
    await t.db.auditLog.update({ where: { seq }, data: { keyVersion: 2 } });
    expect((await verifyAuditChain(t.db, { keyring: both })).ok).toBe(true);
  });

  it("refuses to run without AUDIT_HMAC_KEYS, or with a weak one", async () => {
    expect(await auditVerifyCli(t.url, undefined)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("AUDIT_HMAC_KEYS is required") as unknown,
    });
    expect(await auditVerifyCli(t.url, `1:${Buffer.alloc(32, 1).toString("base64")}`)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("AUDIT_HMAC_KEYS v1 is weak") as unknown,
    });
  });
});

describe.each(providers())("legacy unkeyed audit entries on %s", (provider) => {
  let t: TestDatabase;
  let legacy: number[];

  beforeAll(async () => {
    t = await freshDatabase(provider);
    legacy = await insertLegacyEntries(t.db, 4);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("verify once a keyed entry follows them, which the checkpoint job writes when nothing else has", async () => {
    const rows = await t.db.auditLog.findMany({ orderBy: { seq: "asc" }, select: { keyVersion: true } });
    expect(rows.map((r) => r.keyVersion)).toEqual([0, 0, 0, 0]);
    // Only unkeyed entries: exactly what a writer who stripped the keys would leave behind.
    expect(await verifyAuditChain(t.db, { keyring: v1 })).toMatchObject({
      ok: false,
      problem: "unsealed-legacy",
      firstBadSeq: legacy[3],
    });

    expect(await exportAuditCheckpoint(t.db, { keyring: v1, ...noExport })).toMatchObject({
      written: false,
      reason: "no-destination",
      sealed: true,
    });
    const seal = (await t.db.auditLog.findFirst({ orderBy: { seq: "desc" } }))!;
    expect(seal).toMatchObject({ action: "audit.keyed", keyVersion: 1 });
    expect(JSON.parse(seal.detail)).toEqual({ keyVersion: 1, legacyThrough: legacy[3] });
    await appendAudit(t.db, entry(9), v1);
    expect(await verifyAuditChain(t.db, { keyring: v1 })).toMatchObject({ ok: true, count: 6, legacy: 4 });
    expect((await auditVerifyCli(t.url, K1)).stdout).toContain(
      "OK, 6 entries (2 keyed, 4 legacy unkeyed from before AUDIT_HMAC_KEYS)",
    );
  });

  it("a legacy entry edited and the legacy chain recomputed breaks at the keyed entry that pins them", async () => {
    const seal = (await t.db.auditLog.findFirstOrThrow({ where: { action: "audit.keyed" } })).seq;
    await t.db.auditLog.update({ where: { seq: legacy[1]! }, data: { target: "legacy:rewritten" } });
    // Recompute the plain hashes of the legacy entries from the edit on: the keyed entry after
    // them still links to the old hash, and cannot be re-signed without the key.
    await rehashFrom(t.db, legacy[1]!, { through: legacy[3]! });
    expect(await verifyAuditChain(t.db, { keyring: v1 })).toMatchObject({
      ok: false,
      firstBadSeq: seal,
      problem: "link",
    });
    // Recomputing on through the keyed entries turns them into unkeyed ones: refused as well.
    await rehashFrom(t.db, legacy[1]!);
    expect(await verifyAuditChain(t.db, { keyring: v1 })).toMatchObject({
      ok: false,
      firstBadSeq: seal,
      problem: "edited",
    });
  });
});
