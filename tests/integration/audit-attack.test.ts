// Attack: someone with write access to the database (a leaked DATABASE_URL, a compromised
// replica, a rogue operator) edits the audit log to hide what they did and then repairs the
// hash chain, since the algorithm is public. Against the unkeyed chain this passed verification;
// with HMAC-signed entries it cannot be repaired without AUDIT_HMAC_KEYS. This file uses only
// the audit API that existed before the keys, so it runs (and fails) against the old code too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, verifyAuditChain } from "@/lib/audit/log";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { rehashFrom } from "./audit-helpers";

const admin = { id: "user-admin", email: "admin@example.com" };

describe.each(providers())("attack: a database writer rewrites the audit log on %s", (provider) => {
  let t: TestDatabase;
  const seqs: number[] = [];

  beforeAll(async () => {
    t = await freshDatabase(provider);
    for (let i = 1; i <= 5; i++)
      seqs.push(
        (
          await appendAudit(t.db, {
            actor: admin,
            action: "order.refund",
            target: `order:${i}`,
            detail: { amountCents: i * 1000 },
            ip: "203.0.113.7",
          })
        ).seq,
      );
  });
  afterAll(async () => {
    await t.drop();
  });

  it("an entry edited and the chain recomputed after it is still caught", async () => {
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    const victim = seqs[1]!;
    await t.db.auditLog.update({
      where: { seq: victim },
      data: { detail: JSON.stringify({ amountCents: 1 }), actorEmail: "someone-else@example.com" },
    });
    await rehashFrom(t.db, victim);
    const result = await verifyAuditChain(t.db);
    expect(result).toMatchObject({ ok: false, firstBadSeq: victim });
    expect(!result.ok && result.reason).toMatch(/edited/);
  });

  it("relabelling the rewritten entries as legacy unkeyed ones does not pass either", async () => {
    // The keyed store still accepts version-0 entries written before the upgrade: try to pass
    // the whole rewritten log off as that.
    await rehashFrom(t.db, seqs[0]!, { downgrade: true });
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/unkeyed \(version 0\)/);
  });
});
