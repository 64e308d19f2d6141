import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimOrder } from "@/lib/admin/claims";
import { generateTotp } from "@/lib/auth/totp";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { isBlocked, removeBlock } from "@/lib/fraud/blocklist";
import { approveOrder, rejectOrder, type DecisionOptions } from "@/lib/orders/staff-decisions";
import { createDb } from "@/lib/db/client";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { startPayments, type PaymentHarness } from "../support/payments";
import { createStaff, heldOrder, testKeyring, testLimits, type StaffMember } from "./admin-helpers";
import { rejects } from "./auth-helpers";

describe.each(providers())("staff decisions on held orders on %s", (provider) => {
  let t: TestDatabase;
  let pay: PaymentHarness;
  let customerId: string;
  let reviewer: StaffMember;
  const keyring = testKeyring();
  const cancelled: string[] = [];
  let options: DecisionOptions;

  const held = () => heldOrder(t.db, pay, customerId);
  const reload = (id: string) =>
    t.db.order.findUniqueOrThrow({ where: { id }, include: { decisions: true, payment: true } });
  const intent = (id: string) => pay.stripe.paymentIntents.retrieve(id);
  const audit = (action: string, orderId: string) =>
    t.db.auditLog.findMany({ where: { action, target: `order:${orderId}` } });

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    pay = await startPayments(t.db);
    customerId = (
      await t.db.user.create({
        data: { email: "lin@example.com", name: "Lin Chen", passwordHash: "x", signupCountry: "US" },
      })
    ).id;
    reviewer = await createStaff(t.db, keyring, "REVIEWER");
    // Step-up is tested on its own below, two-person control in dual-control.test.ts; here they are out of the way.
    options = {
      keyring,
      limits: testLimits(),
      stepUpCents: 10_000_000,
      dualControlCents: 0,
      events: pay.events,
      notifyCancelled: async (_db, id) => void cancelled.push(id),
    };
  });
  afterAll(async () => {
    await pay.close();
    await t.drop();
  });

  it("approve captures the authorization: PaymentIntent succeeded, order PAID, decision and audit recorded", async () => {
    const order = await held();
    const result = await approveOrder(
      t.db,
      pay.stripe,
      reviewer.actor,
      { orderId: order.id, reason: "false-positive", note: "  Customer confirmed by phone. " },
      options,
    );
    expect(result).toMatchObject({ orderId: order.id, status: "PAID" });
    const after = await reload(order.id);
    expect(after.status).toBe("PAID");
    expect(after.paidAt).not.toBeNull();
    expect(after.payment).toMatchObject({ status: "succeeded", amountCaptured: order.totalCents });
    expect(after.decisions).toEqual([
      expect.objectContaining({
        decision: "APPROVE",
        reason: "false-positive",
        outcome: "APPLIED",
        note: "Customer confirmed by phone.",
        staffId: reviewer.actor.id,
        error: null,
      }),
    ]);
    expect((await intent(order.paymentIntentId!)).status).toBe("succeeded");
    expect(pay.events.log.filter((e) => e.orderId === order.id)).toEqual([
      { kind: "held", orderId: order.id },
      { kind: "paid", orderId: order.id },
    ]);
    const [entry] = await audit("order.approve", order.id);
    expect(entry).toMatchObject({ actorId: reviewer.actor.id, actorEmail: reviewer.actor.email });
    expect(JSON.parse(entry!.detail)).toMatchObject({
      reference: order.reference,
      reason: "false-positive",
      note: "Customer confirmed by phone.",
    });
  });

  it("a decision needs a reason code that fits it, and a refused one changes nothing", async () => {
    const order = await held();
    const missing = await rejects(
      approveOrder(t.db, pay.stripe, reviewer.actor, { orderId: order.id, note: "ok" }, options),
      "VALIDATION",
    );
    expect(missing.fields.reason).toBe("Choose a reason.");
    await rejects(
      approveOrder(t.db, pay.stripe, reviewer.actor, { orderId: order.id, reason: "made-up", note: "ok" }, options),
      "VALIDATION",
    );
    const wrongKind = await rejects(
      approveOrder(t.db, pay.stripe, reviewer.actor, { orderId: order.id, reason: "stolen-card", note: "ok" }, options),
      "VALIDATION",
    );
    expect(wrongKind.fields.reason).toBe("Choose a reason for approving.");
    await rejects(
      rejectOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "known-customer", note: "no" },
        options,
      ),
      "VALIDATION",
    );
    expect(await reload(order.id)).toMatchObject({ status: "HELD", decisions: [] });
  });

  it("deciding resolves the order's unread alerts, and only that order's", async () => {
    const order = await held();
    const other = await held();
    const alert = (orderId: string) =>
      t.db.alert.create({ data: { kind: "FRAUD_RULE", orderId, message: "Held", evidence: "{}" } });
    const [mine, theirs] = [await alert(order.id), await alert(other.id)];
    await rejectOrder(
      t.db,
      pay.stripe,
      reviewer.actor,
      { orderId: order.id, reason: "other", note: "Explained in the note." },
      options,
    );
    expect(await t.db.alert.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({
      readById: reviewer.actor.id,
      readAt: expect.any(Date) as unknown,
    });
    expect(await t.db.alert.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ readAt: null });
  });

  it("reject can block the order's card and email: the entries are added with the rejection and audited", async () => {
    // Both held first: once the email is blocked, it cannot start a checkout.
    const [order, again] = [await held(), await held()];
    const fingerprint = (await reload(order.id)).payment!.cardFingerprint!;
    const result = await rejectOrder(
      t.db,
      pay.stripe,
      reviewer.actor,
      { orderId: order.id, reason: "stolen-card", note: "Bank confirmed.", blockCard: "on", blockEmail: "on" },
      options,
    );
    expect(result.blocked?.map((b) => b.kind)).toEqual(["CARD", "EMAIL"]);
    expect((await reload(order.id)).status).toBe("CANCELLED");
    const entries = await t.db.blockEntry.findMany({
      where: { createdById: reviewer.actor.id, value: { in: [fingerprint, "lin@example.com"] } },
      orderBy: { kind: "asc" },
    });
    expect(entries).toEqual([
      expect.objectContaining({
        kind: "CARD",
        value: fingerprint,
        reason: `Rejected order ${order.reference} (Stolen card): Bank confirmed.`,
        createdByEmail: reviewer.actor.email,
      }),
      expect.objectContaining({ kind: "EMAIL", value: "lin@example.com" }),
    ]);
    const added = await t.db.auditLog.findMany({
      where: { action: "blocklist.add", target: { in: entries.map((e) => `block:${e.id}`) } },
    });
    expect(added).toHaveLength(2);
    expect(added.every((a) => a.actorId === reviewer.actor.id)).toBe(true);
    expect(await isBlocked(t.db, { cardFingerprint: fingerprint })).toMatchObject({ kind: "CARD" });

    // Another order with that email: an already blocked value is not added twice.
    const repeat = await rejectOrder(
      t.db,
      pay.stripe,
      reviewer.actor,
      { orderId: again.id, reason: "stolen-card", note: "Same person.", blockEmail: "on" },
      options,
    );
    expect(repeat.blocked).toEqual([]);
    expect(await t.db.blockEntry.count({ where: { kind: "EMAIL", value: "lin@example.com", removedAt: null } })).toBe(
      1,
    );
    // The other tests here shop as the same customer.
    for (const entry of entries) await removeBlock(t.db, reviewer.actor, entry.id);
  });

  it("a block that cannot be honoured refuses the whole rejection, and nothing changes", async () => {
    const order = await held();
    await t.db.payment.update({ where: { orderId: order.id }, data: { cardFingerprint: null } });
    const error = await rejects(
      rejectOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "stolen-card", note: "x", blockCard: "on" },
        options,
      ),
      "VALIDATION",
    );
    expect(error.fields.blockCard).toMatch(/no card fingerprint/);
    expect(await reload(order.id)).toMatchObject({ status: "HELD", decisions: [] });
    expect((await intent(order.paymentIntentId!)).status).toBe("requires_capture");
  });

  it("reject cancels the authorization, restores the stock, cancels the order and tells the customer", async () => {
    const product = () => t.db.product.findUniqueOrThrow({ where: { slug: "linen-tea-towels" } });
    const before = (await product()).stock;
    const order = await heldOrder(t.db, pay, customerId, "linen-tea-towels", 2);
    expect((await product()).stock).toBe(before - 2);
    await rejectOrder(
      t.db,
      pay.stripe,
      reviewer.actor,
      { orderId: order.id, reason: "suspected-fraud", note: "Card reported stolen." },
      options,
    );
    const after = await reload(order.id);
    expect(after).toMatchObject({ status: "CANCELLED", stockReleased: true, decisionError: null });
    expect(after.payment?.status).toBe("canceled");
    expect((await product()).stock).toBe(before);
    expect((await intent(order.paymentIntentId!)).status).toBe("canceled");
    expect(cancelled).toContain(order.id);
    expect(after.decisions).toEqual([expect.objectContaining({ decision: "REJECT", outcome: "APPLIED" })]);
    expect(await audit("order.reject", order.id)).toHaveLength(1);
  });

  it("two concurrent approvals capture once: one wins, the other is told the order was already decided", async () => {
    const order = await held();
    const other = await createStaff(t.db, keyring, "ADMIN");
    const results = await Promise.allSettled([
      approveOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "false-positive", note: "ok" },
        options,
      ),
      approveOrder(
        t.db,
        pay.stripe,
        other.actor,
        { orderId: order.id, reason: "false-positive", note: "ok too" },
        options,
      ),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected");
    expect(loser?.reason).toBeInstanceOf(AppError);
    expect((loser?.reason as AppError).code).toBe("CONFLICT");
    expect((loser?.reason as AppError).message).toBe("This order was already decided.");
    await pay.settle();
    const pi = await intent(order.paymentIntentId!);
    expect(pi).toMatchObject({ status: "succeeded", amount_received: order.totalCents });
    expect(
      pay.emulator.webhooks.deliveries().filter((d) => d.type === "payment_intent.succeeded" && d.objectId === pi.id),
    ).toHaveLength(1);
    expect(pay.events.log.filter((e) => e.kind === "paid" && e.orderId === order.id)).toHaveLength(1);
    expect((await reload(order.id)).decisions).toHaveLength(1);
  });

  it("approve then reject: the reject is a conflict and changes nothing", async () => {
    const order = await held();
    await approveOrder(
      t.db,
      pay.stripe,
      reviewer.actor,
      { orderId: order.id, reason: "false-positive", note: "fine" },
      options,
    );
    const stock = (await t.db.product.findUniqueOrThrow({ where: { slug: "insulated-bottle" } })).stock;
    await rejects(
      rejectOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "suspected-fraud", note: "changed my mind" },
        options,
      ),
      "CONFLICT",
      /already decided/,
    );
    const after = await reload(order.id);
    expect(after.status).toBe("PAID");
    expect(after.decisions).toHaveLength(1);
    expect((await intent(order.paymentIntentId!)).status).toBe("succeeded");
    expect((await t.db.product.findUniqueOrThrow({ where: { slug: "insulated-bottle" } })).stock).toBe(stock);
    expect(cancelled).not.toContain(order.id);
  });

  it("a capture the provider refuses leaves the order HELD with the provider's message and a FAILED decision", async () => {
    const order = await held();
    // The authorization is gone (as when it lapses or is voided elsewhere): capture must fail.
    await pay.stripe.paymentIntents.cancel(order.paymentIntentId!);
    const error = await rejects(
      approveOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "false-positive", note: "looks fine" },
        options,
      ),
      "PAYMENT",
      /still held/,
    );
    const after = await reload(order.id);
    expect(after.status).toBe("HELD");
    expect(after.decisionError).toMatch(/canceled/);
    expect(error.message).toContain(after.decisionError!);
    expect(after.decisions).toEqual([
      expect.objectContaining({ decision: "APPROVE", outcome: "FAILED", error: after.decisionError }),
    ]);
    expect(await audit("order.approve.failed", order.id)).toHaveLength(1);
    expect(after.paidAt).toBeNull();
  });

  it("refuses customers, signed-out callers, staff without 2FA and bad notes, and changes nothing", async () => {
    const order = await held();
    const customer = {
      id: customerId,
      email: "lin@example.com",
      name: "Lin",
      role: "CUSTOMER",
      sessionId: "s",
      twoFactorEnabled: true,
      authMethod: null,
      passkeyRequired: false,
    };
    const noTwoFactor = await createStaff(t.db, keyring, "ADMIN", { twoFactor: false });
    await rejects(
      approveOrder(t.db, pay.stripe, customer, { orderId: order.id, reason: "false-positive", note: "mine" }, options),
      "NOT_FOUND",
    );
    await rejects(
      rejectOrder(t.db, pay.stripe, null, { orderId: order.id, reason: "suspected-fraud", note: "x" }, options),
      "UNAUTHENTICATED",
    );
    await rejects(
      approveOrder(
        t.db,
        pay.stripe,
        noTwoFactor.actor,
        { orderId: order.id, reason: "false-positive", note: "x" },
        options,
      ),
      "FORBIDDEN",
      /two-factor/,
    );
    const invalid = await rejects(
      approveOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "false-positive", note: "   " },
        options,
      ),
      "VALIDATION",
    );
    expect(invalid.fields.note).toMatch(/Write a note/);
    await rejects(
      approveOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "false-positive", note: "x".repeat(1001) },
        options,
      ),
      "VALIDATION",
    );
    await rejects(
      approveOrder(t.db, pay.stripe, reviewer.actor, { orderId: "nope", reason: "false-positive", note: "x" }, options),
      "NOT_FOUND",
    );
    const after = await reload(order.id);
    expect(after.status).toBe("HELD");
    expect(after.decisions).toEqual([]);
    expect((await intent(order.paymentIntentId!)).status).toBe("requires_capture");
  });

  it("above the step-up amount asks for a fresh code: missing, wrong and replayed codes are refused", async () => {
    const stepUp: DecisionOptions = { ...options, stepUpCents: 0, limits: testLimits() };
    const order = await held();
    const missing = await rejects(
      approveOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "false-positive", note: "big one" },
        stepUp,
      ),
      "VALIDATION",
    );
    expect(missing.fields.totpCode).toMatch(/authenticator/);
    const code = generateTotp(reviewer.secret, new Date());
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    await rejects(
      approveOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "false-positive", note: "big one", totpCode: wrong },
        stepUp,
      ),
      "VALIDATION",
      /not valid/,
    );
    expect((await reload(order.id)).status).toBe("HELD");

    await approveOrder(
      t.db,
      pay.stripe,
      reviewer.actor,
      { orderId: order.id, reason: "false-positive", note: "big one", totpCode: code },
      stepUp,
    );
    expect((await reload(order.id)).status).toBe("PAID");

    const second = await held();
    await rejects(
      rejectOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: second.id, reason: "suspected-fraud", note: "replay", totpCode: code },
        stepUp,
      ),
      "VALIDATION",
      /already used/,
    );
    const after = await reload(second.id);
    expect(after.status).toBe("HELD");
    expect(after.decisions).toEqual([]);
    expect((await intent(second.paymentIntentId!)).status).toBe("requires_capture");
  });

  it("a code from another staff member's authenticator does not step up", async () => {
    const other = await createStaff(t.db, keyring, "REVIEWER");
    const order = await held();
    const code = generateTotp(other.secret, new Date());
    await rejects(
      approveOrder(
        t.db,
        pay.stripe,
        reviewer.actor,
        { orderId: order.id, reason: "false-positive", note: "x", totpCode: code },
        { ...options, stepUpCents: 0, limits: testLimits() },
      ),
      "VALIDATION",
    );
    expect((await reload(order.id)).status).toBe("HELD");
  });

  // Review claims (lib/admin/claims.ts) bind decisions: another reviewer's live claim refuses them.
  const namedReviewer = async (name: string) => {
    const member = await createStaff(t.db, keyring, "REVIEWER");
    await t.db.user.update({ where: { id: member.actor.id }, data: { name } });
    return member;
  };
  const claimOf = (id: string) =>
    t.db.order.findUniqueOrThrow({ where: { id }, select: { reviewerId: true, reviewClaimedAt: true } });

  it("an order another reviewer has taken is refused to approve and reject, naming them, before the step-up code is spent; the holder decides and the claim ends", async () => {
    const rita = await namedReviewer("Rita Holder");
    // A reviewer of its own: a code is accepted once, and other tests here use the shared reviewer's.
    const ben = await createStaff(t.db, keyring, "REVIEWER");
    const order = await held();
    const takenAt = new Date();
    await claimOrder(t.db, rita.actor, { orderId: order.id }, { now: takenAt });
    const stepUp: DecisionOptions = { ...options, stepUpCents: 0, limits: testLimits() };
    const code = generateTotp(ben.secret, new Date());
    const until = new Date(takenAt.getTime() + 30 * 60_000).toISOString().slice(11, 16);
    const named = new RegExp(`Order ${order.reference} is being reviewed by Rita Holder until ${until} UTC`);
    await rejects(
      approveOrder(
        t.db,
        pay.stripe,
        ben.actor,
        { orderId: order.id, reason: "false-positive", note: "mine now", totpCode: code },
        stepUp,
      ),
      "CONFLICT",
      named,
    );
    await rejects(
      rejectOrder(
        t.db,
        pay.stripe,
        ben.actor,
        { orderId: order.id, reason: "suspected-fraud", note: "mine now", blockCard: true, totpCode: code },
        stepUp,
      ),
      "CONFLICT",
      named,
    );
    const refused = await reload(order.id);
    expect(refused).toMatchObject({
      status: "HELD",
      decisions: [],
      reviewerId: rita.actor.id,
      reviewClaimedAt: takenAt,
    });
    expect((await intent(order.paymentIntentId!)).status).toBe("requires_capture");
    expect(await t.db.blockEntry.count({ where: { reason: { contains: order.reference } } })).toBe(0);
    // The refused reviewer's code was not used up: it still steps up their next decision.
    const other = await held();
    await approveOrder(
      t.db,
      pay.stripe,
      ben.actor,
      { orderId: other.id, reason: "false-positive", note: "unclaimed", totpCode: code },
      stepUp,
    );
    expect((await reload(other.id)).status).toBe("PAID");

    await rejectOrder(
      t.db,
      pay.stripe,
      rita.actor,
      { orderId: order.id, reason: "suspected-fraud", note: "Mine, and no." },
      options,
    );
    expect(await reload(order.id)).toMatchObject({ status: "CANCELLED", reviewerId: null, reviewClaimedAt: null });
  });

  it("a lapsed claim binds nobody: another reviewer decides, and the claim ends with the decision", async () => {
    const rita = await namedReviewer("Rita Lapsed");
    const order = await held();
    await claimOrder(t.db, rita.actor, { orderId: order.id }, { now: new Date(Date.now() - 31 * 60_000) });
    await approveOrder(
      t.db,
      pay.stripe,
      reviewer.actor,
      { orderId: order.id, reason: "known-customer", note: "Rita went home." },
      options,
    );
    expect(await reload(order.id)).toMatchObject({ status: "PAID", reviewerId: null, reviewClaimedAt: null });
    expect(await claimOf(order.id)).toEqual({ reviewerId: null, reviewClaimedAt: null });
  });

  it("a take and a decision by another reviewer at the same moment never both win", async () => {
    const rita = await namedReviewer("Rita Racer");
    // On PostgreSQL the take runs on its own connection, so the two race for real.
    const second = provider === "postgresql" ? createDb(t.url) : t.db;
    try {
      for (let round = 0; round < 3; round++) {
        const order = await held();
        const [take, decide] = await Promise.allSettled([
          claimOrder(second, rita.actor, { orderId: order.id }, { now: new Date() }),
          rejectOrder(
            t.db,
            pay.stripe,
            reviewer.actor,
            { orderId: order.id, reason: "suspected-fraud", note: "Racing." },
            options,
          ),
        ]);
        expect([take.status, decide.status].filter((s) => s === "fulfilled")).toHaveLength(1);
        const after = await reload(order.id);
        if (take.status === "fulfilled") {
          expect((decide as PromiseRejectedResult).reason).toMatchObject({
            code: "CONFLICT",
            message: expect.stringMatching(/being reviewed by Rita Racer/) as unknown,
          });
          expect(after).toMatchObject({ status: "HELD", decisions: [], reviewerId: rita.actor.id });
        } else {
          expect(take.reason).toMatchObject({ code: "CONFLICT" });
          expect(after).toMatchObject({ status: "CANCELLED", reviewerId: null });
        }
      }
    } finally {
      if (second !== t.db) await (second as ReturnType<typeof createDb>).$disconnect();
    }
  });
});
