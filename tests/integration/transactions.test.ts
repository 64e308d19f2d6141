// A change and its audit entry commit together or not at all. Failures are injected by the
// database itself (a trigger that refuses one insert, the way a constraint or a full disk would),
// in the middle of real domain functions, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setRole } from "@/lib/admin/staff";
import { appendAudit, verifyAuditChain } from "@/lib/audit/log";
import { registerAccount } from "@/lib/auth/register";
import { createSession, activeSession } from "@/lib/auth/sessions";
import { confirmEnrollment, pendingEnrollment, startEnrollment } from "@/lib/auth/two-factor";
import { generateTotp } from "@/lib/auth/totp";
import { seedCatalog } from "@/lib/db/seed";
import { inTransaction, isTransaction } from "@/lib/db/transaction";
import { rejectOrder } from "@/lib/orders/staff-decisions";
import { databaseSuite } from "../support/database-suite";
import { providers, type TestDatabase } from "../support/databases";
import { startPayments, type PaymentHarness } from "../support/payments";
import { createStaff, heldOrder, testKeyring, testLimits } from "./admin-helpers";
import { ctx, GOOD_PASSWORD, testDeps, uniqueEmail } from "./auth-helpers";
import { actorFor } from "./auth-two-factor-setup";

/** Makes the database refuse inserts into `table` whose `column` equals `value`; returns the undo. */
async function refuseInserts(
  t: TestDatabase,
  table: string,
  column: string,
  value: string,
): Promise<() => Promise<void>> {
  const name = `test_refuse_${table}_${value.replace(/\W/g, "_")}`.toLowerCase();
  if (t.provider === "sqlite") {
    await t.db.$executeRawUnsafe(
      `CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" WHEN NEW."${column}" = '${value}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    return async () => void (await t.db.$executeRawUnsafe(`DROP TRIGGER "${name}"`));
  }
  await t.db.$executeRawUnsafe(
    `CREATE OR REPLACE FUNCTION test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`,
  );
  await t.db.$executeRawUnsafe(
    `CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" FOR EACH ROW WHEN (NEW."${column}" = '${value}') EXECUTE FUNCTION test_refuse()`,
  );
  return async () => void (await t.db.$executeRawUnsafe(`DROP TRIGGER "${name}" ON "${table}"`));
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => null,
    (e: unknown) => e,
  );
}

// PostgreSQL passes the trigger's message on; Prisma's SQLite adapter reports RAISE(ABORT) as a
// constraint violation.
const INJECTED = /injected failure|constraint violated/;

describe.each(providers())("a change and its audit entry commit together on %s", (provider) => {
  const t = databaseSuite(provider, ({ db }) => ({ deps: testDeps(db) }));

  async function enrolling() {
    const email = uniqueEmail("tx");
    const { userId } = await registerAccount(t.deps, ctx(), { name: "Test User", email, password: GOOD_PASSWORD });
    const [mine, other] = [
      await createSession(t.db, ctx(), { userId: userId!, now: t.deps.now() }),
      await createSession(t.db, ctx(), { userId: userId!, now: t.deps.now() }),
    ];
    const actor = actorFor(userId!, email, mine.id);
    await startEnrollment(t.deps, actor);
    const pending = await pendingEnrollment(t.deps, actor);
    return { actor, secret: pending!.secret, other: other.id };
  }

  const userState = async (id: string) => ({
    user: await t.db.user.findUniqueOrThrow({
      where: { id },
      select: { totpEnabledAt: true, totpSecretEnc: true, totpPendingEnc: true },
    }),
    codes: await t.db.recoveryCode.count({ where: { userId: id } }),
    enabledEvents: await t.db.authEvent.count({ where: { userId: id, type: "TOTP_ENABLED" } }),
    revokedEvents: await t.db.authEvent.count({ where: { userId: id, type: "SESSION_REVOKED" } }),
  });

  it.each([
    ["the recovery codes (after 2FA was turned on)", "RecoveryCode"],
    ["the TOTP_ENABLED event (after the codes were stored)", "AuthEvent"],
  ] as const)(
    "confirmEnrollment failing at %s leaves 2FA off, no recovery codes, no event, no session revoked",
    async (_what, table) => {
      const { actor, secret, other } = await enrolling();
      const undo =
        table === "AuthEvent"
          ? await refuseInserts(t, table, "type", "TOTP_ENABLED")
          : await refuseInserts(t, table, "userId", actor.id);
      const error = await failure(
        confirmEnrollment(t.deps, ctx(), actor, { code: generateTotp(secret, t.deps.now()) }),
      );
      await undo();
      expect(String(error)).toMatch(INJECTED);
      const after = await userState(actor.id);
      expect(after).toEqual({
        user: { totpEnabledAt: null, totpSecretEnc: null, totpPendingEnc: expect.any(String) as string },
        codes: 0,
        enabledEvents: 0,
        revokedEvents: 0,
      });
      expect(await activeSession(t.db, other, t.deps.now())).not.toBeNull();

      // Nothing half-done is in the way: the next code turns 2FA on with everything that goes with it.
      t.deps.clock.now = new Date(t.deps.clock.now.getTime() + 30_000);
      const { recoveryCodes } = await confirmEnrollment(t.deps, ctx(), actor, {
        code: generateTotp(secret, t.deps.now()),
      });
      expect(recoveryCodes).toHaveLength(10);
      const done = await userState(actor.id);
      expect(done).toMatchObject({ codes: 10, enabledEvents: 1, revokedEvents: 1 });
      expect(done.user.totpEnabledAt).not.toBeNull();
      expect(await activeSession(t.db, other, t.deps.now())).toBeNull();
    },
  );

  it("an audit entry written in a transaction that fails afterwards is rolled back, and the chain goes on unbroken", async () => {
    const before = await t.db.auditLog.count();
    const boom = await failure(
      inTransaction(t.db, async (tx) => {
        expect(isTransaction(tx)).toBe(true);
        await tx.webhookEvent.create({ data: { id: "evt_rolled_back", type: "test" } });
        await appendAudit(tx, { actor: null, action: "test.rolled-back" });
        throw new Error("boom after the audit entry");
      }),
    );
    expect(String(boom)).toMatch(/boom/);
    expect(await t.db.auditLog.count()).toBe(before);
    expect(await t.db.webhookEvent.count({ where: { id: "evt_rolled_back" } })).toBe(0);
    await appendAudit(t.db, { actor: null, action: "test.after" });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: before + 1 });
  });

  it("inTransaction given a transaction joins it: the inner work rolls back with the outer", async () => {
    const boom = await failure(
      inTransaction(t.db, async (outer) => {
        await inTransaction(outer, async (inner) => {
          expect(inner).toBe(outer);
          await inner.webhookEvent.create({ data: { id: "evt_inner", type: "test" } });
        });
        throw new Error("outer fails after the inner work");
      }),
    );
    expect(String(boom)).toMatch(/outer fails/);
    expect(await t.db.webhookEvent.count({ where: { id: "evt_inner" } })).toBe(0);
  });

  it("concurrent transactions that each change a row and audit it keep one unbroken chain", async () => {
    const before = await t.db.auditLog.count();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(t.db, async (tx) => {
          await tx.webhookEvent.create({ data: { id: `evt_concurrent_${i}`, type: "test" } });
          await appendAudit(tx, { actor: null, action: "test.concurrent", target: `evt:${i}` });
        }),
      ),
    );
    expect(await t.db.auditLog.count({ where: { action: "test.concurrent" } })).toBe(12);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: before + 12 });
  });

  it("a role change whose audit entry fails does not happen", async () => {
    const admin = await createStaff(t.db, testKeyring(), "ADMIN");
    const user = await t.db.user.create({ data: { email: uniqueEmail("role"), name: "Someone", passwordHash: "x" } });
    const undo = await refuseInserts(t, "AuditLog", "action", "staff.role");
    const error = await failure(setRole(t.db, admin.actor, { userId: user.id, role: "REVIEWER" }));
    await undo();
    // setRole reports any database failure as a conflict to retry.
    expect(error).toMatchObject({ code: "CONFLICT" });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("CUSTOMER");
    expect(await t.db.auditLog.count({ where: { action: "staff.role", target: `user:${user.id}` } })).toBe(0);
  });
});

describe.each(providers())("a staff decision commits with its record and audit entry on %s", (provider) => {
  const t = databaseSuite(provider);
  let pay: PaymentHarness;
  let customerId: string;

  beforeAll(async () => {
    await seedCatalog(t.db);
    pay = await startPayments(t.db);
    customerId = (
      await t.db.user.create({
        data: { email: "lin@example.com", name: "Lin Chen", passwordHash: "x", signupCountry: "US" },
      })
    ).id;
  });
  afterAll(async () => {
    await pay.close();
  });

  it("a rejection whose audit entry fails leaves no decision, no stock back and no CANCELLED order", async () => {
    const keyring = testKeyring();
    const reviewer = await createStaff(t.db, keyring, "REVIEWER");
    const product = () => t.db.product.findUniqueOrThrow({ where: { slug: "linen-tea-towels" } });
    const order = await heldOrder(t.db, pay, customerId, "linen-tea-towels", 2);
    const stock = (await product()).stock;
    const undo = await refuseInserts(t, "AuditLog", "action", "order.reject");
    const error = await failure(
      rejectOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "suspected-fraud", note: "Stolen card." },
        { keyring, limits: testLimits(), stepUpCents: 10_000_000, events: pay.events, notifyCancelled: async () => {} },
      ),
    );
    await undo();
    expect(String(error)).toMatch(INJECTED);
    const after = await t.db.order.findUniqueOrThrow({
      where: { id: order.id },
      include: { decisions: true, payment: true },
    });
    // The claim (REJECTING) stands, so no second reviewer acts on it; nothing after it was written.
    expect(after.status).toBe("REJECTING");
    expect(after.stockReleased).toBe(false);
    expect(after.decisions).toEqual([]);
    expect(after.payment?.status).toBe("requires_capture");
    expect((await product()).stock).toBe(stock);
  });
});
