// The review queue: a reviewer takes a held order (others see who has it until the claim lapses,
// then may take it over), sorts and filters; the order list exports to CSV. Real SQLite file and
// PostgreSQL; the concurrent takes race on real connections (PostgreSQL's pool gives each its own).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { claimOrder, REVIEW_CLAIM_MINUTES } from "@/lib/admin/claims";
import { exportOrdersCsv } from "@/lib/admin/orders";
import { listQueue } from "@/lib/admin/queue";
import { createDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { createStaff, testKeyring } from "./admin-helpers";
import { rejects } from "./auth-helpers";

const shipping = {
  shippingName: "Lin Chen",
  shippingLine1: "5 Main St",
  shippingCity: "Springfield",
  shippingPostal: "12345",
  shippingCountry: "US",
};
const MINUTE = 60_000;

describe.each(providers())("the review queue on %s", (provider) => {
  const t = databaseSuite(provider);
  const keyring = testKeyring();
  const tag = () => randomBytes(3).toString("hex").toUpperCase();
  const order = (
    data: {
      status?: string;
      totalCents?: number;
      riskScore?: number | null;
      createdAt?: Date;
      email?: string;
      shippingName?: string;
    } = {},
  ) =>
    t.db.order.create({
      data: {
        reference: `Q${tag()}-${tag()}`,
        email: data.email ?? "lin@example.com",
        status: data.status ?? "HELD",
        currency: "usd",
        subtotalCents: data.totalCents ?? 1000,
        shippingCents: 0,
        totalCents: data.totalCents ?? 1000,
        riskScore: data.riskScore ?? null,
        ...(data.createdAt ? { createdAt: data.createdAt } : {}),
        ...shipping,
        ...(data.shippingName ? { shippingName: data.shippingName } : {}),
      },
    });
  const audits = (action: string, orderId: string) =>
    t.db.auditLog.findMany({ where: { action, target: `order:${orderId}` } });

  it("a reviewer takes a held order; another sees who has it and cannot take it until the claim lapses, then takes it over; both audited", async () => {
    const [ann, ben] = [await createStaff(t.db, keyring, "REVIEWER"), await createStaff(t.db, keyring, "REVIEWER")];
    const held = await order();
    const now = new Date("2026-03-01T10:00:00Z");

    const taken = await claimOrder(t.db, ann.actor, { orderId: held.id }, { now, ip: "10.0.0.1" });
    expect(taken).toMatchObject({
      reference: held.reference,
      intent: "take",
      takenOverFrom: null,
      until: new Date(now.getTime() + REVIEW_CLAIM_MINUTES * MINUTE),
    });
    expect(
      await t.db.order.findUniqueOrThrow({
        where: { id: held.id },
        select: { reviewerId: true, reviewClaimedAt: true },
      }),
    ).toEqual({ reviewerId: ann.actor.id, reviewClaimedAt: now });

    // Taking again refreshes your own claim; someone else is refused by name, and nothing changes.
    const later = new Date(now.getTime() + 10 * MINUTE);
    await claimOrder(t.db, ann.actor, { orderId: held.id }, { now: later });
    await rejects(
      claimOrder(
        t.db,
        ben.actor,
        { orderId: held.id },
        { now: new Date(later.getTime() + (REVIEW_CLAIM_MINUTES - 1) * MINUTE) },
      ),
      "CONFLICT",
      /being reviewed by REVIEWER Person until 10:40 UTC/,
    );
    expect((await t.db.order.findUniqueOrThrow({ where: { id: held.id } })).reviewerId).toBe(ann.actor.id);

    const forBen = await listQueue(t.db, ben.actor, { assigned: "free" }, { now: later });
    expect(forBen.rows.map((r) => r.id)).not.toContain(held.id);
    const forAnn = await listQueue(t.db, ann.actor, { assigned: "me" }, { now: later });
    expect(forAnn.rows.map((r) => r.id)).toEqual([held.id]);
    expect(forAnn.rows[0]).toMatchObject({ reviewer: { id: ann.actor.id }, reviewClaimedAt: later });

    // Once the claim has lapsed, the other reviewer takes it over.
    const lapsed = new Date(later.getTime() + REVIEW_CLAIM_MINUTES * MINUTE);
    expect((await listQueue(t.db, ben.actor, { assigned: "free" }, { now: lapsed })).rows.map((r) => r.id)).toContain(
      held.id,
    );
    const takeover = await claimOrder(t.db, ben.actor, { orderId: held.id }, { now: lapsed, ip: "10.0.0.2" });
    expect(takeover.takenOverFrom).toBe("REVIEWER Person");
    expect((await t.db.order.findUniqueOrThrow({ where: { id: held.id } })).reviewerId).toBe(ben.actor.id);

    const entries = await audits("order.take", held.id);
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => e.actorEmail)).toEqual([ann.actor.email, ann.actor.email, ben.actor.email]);
    expect(JSON.parse(entries[2]!.detail)).toMatchObject({ reference: held.reference, takenOverFrom: ann.actor.email });

    // Only the holder releases; the release is audited and frees the order.
    await rejects(
      claimOrder(t.db, ann.actor, { orderId: held.id, intent: "release" }, { now: lapsed }),
      "CONFLICT",
      /not assigned to you/,
    );
    await claimOrder(t.db, ben.actor, { orderId: held.id, intent: "release" }, { now: lapsed });
    expect(
      await t.db.order.findUniqueOrThrow({
        where: { id: held.id },
        select: { reviewerId: true, reviewClaimedAt: true },
      }),
    ).toEqual({ reviewerId: null, reviewClaimedAt: null });
    expect(await audits("order.release", held.id)).toHaveLength(1);
  });

  it("two reviewers taking the same order at the same moment: exactly one wins, the other is told who has it", async () => {
    const reviewers = await Promise.all([0, 1, 2, 3].map(() => createStaff(t.db, keyring, "REVIEWER")));
    const held = await order();
    const now = new Date();
    // On PostgreSQL half the takes go through a second client (its own pool), so they race on
    // separate connections. On SQLite the store runs one client per process (better-sqlite3 is
    // synchronous: a second connection in this process would block it), whose transactions
    // queue; the takes still interleave their reads and writes.
    const second = provider === "postgresql" ? createDb(t.url) : t.db;
    try {
      const results = await Promise.allSettled(
        reviewers.map((r, i) => claimOrder(i % 2 ? second : t.db, r.actor, { orderId: held.id }, { now })),
      );
      const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [reviewers[i]!] : []));
      expect(won).toHaveLength(1);
      for (const r of results.filter((x) => x.status === "rejected")) {
        expect(r.reason).toBeInstanceOf(AppError);
        expect((r.reason as AppError).code).toBe("CONFLICT");
        expect((r.reason as AppError).message).toMatch(/is being reviewed by REVIEWER Person/);
      }
      expect((await t.db.order.findUniqueOrThrow({ where: { id: held.id } })).reviewerId).toBe(won[0]!.actor.id);
      expect(await audits("order.take", held.id)).toHaveLength(1);
    } finally {
      if (second !== t.db) await (second as ReturnType<typeof createDb>).$disconnect();
    }
  });

  it("taking needs orders.decide, a held order and a valid id; a refusal changes nothing", async () => {
    const reviewer = await createStaff(t.db, keyring, "REVIEWER");
    const customer = await t.db.user.create({
      data: { email: `c-${tag()}@example.org`, name: "C", passwordHash: "x" },
    });
    const held = await order();
    const paid = await order({ status: "PAID" });
    const now = new Date();
    await rejects(claimOrder(t.db, null, { orderId: held.id }, { now }), "UNAUTHENTICATED");
    await rejects(
      claimOrder(
        t.db,
        {
          id: customer.id,
          email: customer.email,
          name: "C",
          role: "CUSTOMER",
          sessionId: "s",
          twoFactorEnabled: false,
          authMethod: null,
          passkeyRequired: false,
        },
        { orderId: held.id },
        { now },
      ),
      "NOT_FOUND",
    );
    await rejects(claimOrder(t.db, reviewer.actor, { orderId: paid.id }, { now }), "CONFLICT", /Only held orders/);
    await rejects(claimOrder(t.db, reviewer.actor, { orderId: "" }, { now }), "VALIDATION");
    await rejects(claimOrder(t.db, reviewer.actor, { orderId: held.id, intent: "steal" }, { now }), "VALIDATION");
    await rejects(claimOrder(t.db, reviewer.actor, { orderId: "nope" }, { now }), "NOT_FOUND");
    expect(await t.db.order.count({ where: { id: { in: [held.id, paid.id] }, reviewerId: { not: null } } })).toBe(0);
    expect(
      await t.db.auditLog.count({
        where: { action: "order.take", target: { in: [`order:${held.id}`, `order:${paid.id}`] } },
      }),
    ).toBe(0);
  });

  it("sorts by time left, age, amount and score, and filters by risk band", async () => {
    const reviewer = await createStaff(t.db, keyring, "REVIEWER");
    await t.db.order.updateMany({ where: { status: "HELD" }, data: { status: "CANCELLED" } });
    const base = new Date("2026-02-01T00:00:00Z").getTime();
    const a = await order({ totalCents: 500, riskScore: 70, createdAt: new Date(base + 3 * MINUTE) });
    const b = await order({ totalCents: 9000, riskScore: 30, createdAt: new Date(base + 1 * MINUTE) });
    const c = await order({ totalCents: 2000, riskScore: null, createdAt: new Date(base + 2 * MINUTE) });
    const ids = async (input: Record<string, string>) =>
      (await listQueue(t.db, reviewer.actor, input)).rows.map((r) => r.id);
    expect(await ids({ sort: "oldest" })).toEqual([b.id, c.id, a.id]);
    expect(await ids({ sort: "newest" })).toEqual([a.id, c.id, b.id]);
    expect(await ids({ sort: "amount" })).toEqual([b.id, c.id, a.id]);
    expect(await ids({ sort: "score" })).toEqual([a.id, b.id, c.id]);
    expect(await ids({ band: "high" })).toEqual([a.id]);
    expect(await ids({ band: "elevated" })).toEqual([b.id]);
    expect(await ids({ band: "low" })).toEqual([c.id]);
    // A bad sort or band is ignored, not an error.
    const fallback = await listQueue(t.db, reviewer.actor, { sort: "drop table", band: "purple" });
    expect(fallback.filter).toMatchObject({ sort: "deadline", band: undefined });
    expect(fallback.total).toBe(3);
  });

  it("exports the filtered order list as CSV with formulas neutralized, audited; a customer is refused", async () => {
    const reviewer = await createStaff(t.db, keyring, "REVIEWER");
    const email = `csv-${tag().toLowerCase()}@example.org`;
    await order({ email, shippingName: '=HYPERLINK("http://evil.test","click")', status: "PAID", totalCents: 12345 });
    await order({ email, shippingName: 'Ann, "the" buyer', status: "HELD" });
    await order({ email: `other-${tag().toLowerCase()}@example.org`, status: "PAID" });
    const now = new Date("2026-03-02T12:00:00Z");

    const all = await exportOrdersCsv(t.db, reviewer.actor, { q: email }, { now, ip: "10.0.0.9" });
    expect(all.filename).toBe("orders-2026-03-02.csv");
    expect(all.rows).toBe(2);
    const lines = all.csv.split("\r\n");
    expect(lines[0]).toBe(
      '"Reference","Placed (UTC)","Email","Status","Total","Currency","Total (minor units)","Risk score","Shipping name","Shipping country","Order from country"',
    );
    expect(all.csv).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(all.csv).not.toMatch(/(^|,)"=/m);
    expect(all.csv).toContain('"Ann, ""the"" buyer"');
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the last CRLF

    const paidOnly = await exportOrdersCsv(t.db, reviewer.actor, { q: email, status: "PAID" }, { now });
    expect(paidOnly.rows).toBe(1);
    expect(paidOnly.csv).toContain('"12345"');

    const entries = await t.db.auditLog.findMany({
      where: { action: "orders.export", actorEmail: reviewer.actor.email },
      orderBy: { seq: "asc" },
    });
    expect(entries.map((e) => JSON.parse(e.detail) as unknown)).toEqual([
      { q: email, status: null, rows: 2 },
      { q: email, status: "PAID", rows: 1 },
    ]);
    await rejects(exportOrdersCsv(t.db, null, {}, { now }), "UNAUTHENTICATED");
  });
});
