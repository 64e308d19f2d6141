import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, verifyAuditChain } from "@/lib/audit/log";
import { newRequestId, withRequestId } from "@/lib/logging/request-scope";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";

describe.each(providers())("audit entries name the request that wrote them, on %s", (provider) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await freshDatabase(provider);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("records the request id in the entry's detail, under the chain's MAC; an entry outside a request has none", async () => {
    const requestId = newRequestId();
    const inside = await withRequestId(requestId, () =>
      appendAudit(t.db, { actor: null, action: "order.approve", target: "order:1", detail: { reference: "R-1" } }),
    );
    const outside = await appendAudit(t.db, {
      actor: null,
      action: "order.expired",
      target: "order:2",
      detail: { reference: "R-2" },
    });
    const [first, second] = await Promise.all(
      [inside, outside].map(({ seq }) => t.db.auditLog.findUniqueOrThrow({ where: { seq } })),
    );
    expect(JSON.parse(first!.detail)).toEqual({ reference: "R-1", requestId });
    expect(JSON.parse(second!.detail)).toEqual({ reference: "R-2" });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 2 });

    // Pointing the entry at another request is an edit the chain catches.
    await t.db.auditLog.update({
      where: { seq: first!.seq },
      data: { detail: first!.detail.replace(requestId, newRequestId()) },
    });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadSeq: first!.seq, problem: "edited" });
  });
});
