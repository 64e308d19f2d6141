import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import {
  approveOrder,
  confirmApproval,
  proposeApproval,
  rejectOrder,
  type DecisionOptions,
} from "@/lib/orders/staff-decisions";
import { claimOrder } from "@/lib/admin/claims";
import { createDb } from "@/lib/db/client";
import { listProposals, withdrawProposal } from "@/lib/orders/dual-control";
import { confirmRefund, proposeRefund, refundOrder, refundOrPropose, type RefundOptions } from "@/lib/payments/refunds";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import {
  payOnHostedPage,
  shopperCard,
  startPayments,
  uniqueCard,
  uniqueEmail,
  type PaymentHarness,
} from "../support/payments";
import { createStaff, heldOrder, testKeyring, testLimits, type StaffMember } from "./admin-helpers";
import { rejects } from "./auth-helpers";

// Two-person control (ASVS 5.0 V2.3.5): approvals and refunds above the two-person amount are
// proposed by one staff member and applied only when another confirms, once, before expiry.
// Real emulator, real database, both providers; races run the real functions concurrently.

const address = { name: "Grace Hopper", line1: "2 Compiler Rd", city: "Arlington", postalCode: "22201", country: "US" };
const DUAL = 1_000;
const HOUR = 3_600_000;

describe.each(providers())("two-person control on %s", (provider) => {
  let t: TestDatabase;
  let pay: PaymentHarness;
  let customerId: string;
  let reviewer: StaffMember;
  let admin: StaffMember;
  let otherAdmin: StaffMember;
  let thirdAdmin: StaffMember;
  const keyring = testKeyring();
  let options: DecisionOptions;
  const refundOptions: RefundOptions = { dualControlCents: DUAL };

  const held = () => heldOrder(t.db, pay, customerId, "insulated-bottle", 1);
  const reload = (id: string) =>
    t.db.order.findUniqueOrThrow({
      where: { id },
      include: { decisions: true, payment: true, proposals: true, refunds: true },
    });
  const intent = (id: string) => pay.stripe.paymentIntents.retrieve(id);
  const audit = (action: string, orderId: string) =>
    t.db.auditLog.findMany({ where: { action, target: `order:${orderId}` }, orderBy: { seq: "asc" } });
  const approval = (orderId: string, note = "Customer called back.") => ({
    orderId,
    reason: "verified-with-customer",
    note,
  });

  async function paidOrder(quantity = 2) {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "usb-c-charger" } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity,
    });
    const started = await startCheckout(
      t.db,
      pay.stripe,
      { cartToken: token, userId: null, ip: null, ipCountry: null, appUrl: "http://shop.test" },
      { ...address, email: uniqueEmail("buyer") },
    );
    await payOnHostedPage(started.redirectUrl, shopperCard(address, uniqueCard()));
    await pay.settle();
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId }, include: { items: true } });
    expect(order.status).toBe("PAID");
    expect(order.totalCents).toBeGreaterThan(DUAL);
    return order;
  }

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    pay = await startPayments(t.db);
    Object.assign(pay.events, {
      refunded: async () => {},
      alertDeps: { send: async () => {}, fetch, env: { APP_URL: "http://shop.test" } },
    });
    customerId = (
      await t.db.user.create({
        data: { email: "lin@example.com", name: "Lin Chen", passwordHash: "x", signupCountry: "US" },
      })
    ).id;
    reviewer = await createStaff(t.db, keyring, "REVIEWER");
    admin = await createStaff(t.db, keyring, "ADMIN");
    otherAdmin = await createStaff(t.db, keyring, "ADMIN");
    thirdAdmin = await createStaff(t.db, keyring, "ADMIN");
    options = {
      keyring,
      limits: testLimits(),
      stepUpCents: 10_000_000,
      dualControlCents: DUAL,
      events: pay.events,
      notifyCancelled: async () => {},
    };
  });
  afterAll(async () => {
    await pay.close();
    await t.drop();
  });

  it("above the amount a one-step approval is refused before anything moves; below it, and with the control off, one step still works", async () => {
    const order = await held();
    expect(order.totalCents).toBeGreaterThan(DUAL);
    await rejects(
      approveOrder(t.db, pay.stripe, reviewer.actor, approval(order.id), options),
      "CONFLICT",
      /propose the approval/,
    );
    expect(await reload(order.id)).toMatchObject({ status: "HELD", decisions: [], proposals: [] });
    expect((await intent(order.paymentIntentId!)).status).toBe("requires_capture");
    // Below the amount there is nothing to propose.
    await rejects(
      proposeApproval(t.db, reviewer.actor, approval(order.id), { ...options, dualControlCents: order.totalCents }),
      "VALIDATION",
      /approve it directly/,
    );
    // 0 turns two-person control off.
    await approveOrder(t.db, pay.stripe, reviewer.actor, approval(order.id), { ...options, dualControlCents: 0 });
    expect((await reload(order.id)).status).toBe("PAID");
  });

  it("propose, then another staff member confirms: nothing is captured until then, and then exactly once; both steps audited", async () => {
    const order = await held();
    const proposed = await proposeApproval(
      t.db,
      reviewer.actor,
      approval(order.id, "  Customer called back from the hotel. "),
      options,
    );
    const waiting = await reload(order.id);
    expect(waiting).toMatchObject({ status: "HELD", decisions: [] });
    expect(waiting.proposals).toEqual([
      expect.objectContaining({
        id: proposed.proposalId,
        kind: "APPROVE",
        status: "PENDING",
        amountCents: order.totalCents,
        proposedById: reviewer.actor.id,
      }),
    ]);
    expect(proposed.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * HOUR);
    expect((await intent(order.paymentIntentId!)).status).toBe("requires_capture");
    const [proposedEntry] = await audit("order.approve.proposed", order.id);
    expect(proposedEntry).toMatchObject({ actorId: reviewer.actor.id });
    expect(JSON.parse(proposedEntry!.detail)).toMatchObject({
      proposalId: proposed.proposalId,
      reason: "verified-with-customer",
      note: "Customer called back from the hotel.",
    });
    const [view] = await listProposals(t.db, admin.actor, order.id);
    expect(view).toMatchObject({
      status: "PENDING",
      proposedByMe: false,
      reason: "verified-with-customer",
      note: "Customer called back from the hotel.",
    });

    const result = await confirmApproval(
      t.db,
      pay.stripe,
      admin.actor,
      { proposalId: proposed.proposalId, confirmNote: "Checked the call log." },
      options,
    );
    expect(result).toMatchObject({ orderId: order.id, status: "PAID" });
    await pay.settle();
    const after = await reload(order.id);
    expect(after.status).toBe("PAID");
    expect(after.payment).toMatchObject({ status: "succeeded", amountCaptured: order.totalCents });
    expect(after.decisions).toEqual([
      expect.objectContaining({
        decision: "APPROVE",
        outcome: "APPLIED",
        staffId: admin.actor.id,
        reason: "verified-with-customer",
        note: "Customer called back from the hotel. (Confirmed: Checked the call log.)",
      }),
    ]);
    expect(after.proposals).toEqual([
      expect.objectContaining({
        status: "CONFIRMED",
        confirmedById: admin.actor.id,
        confirmNote: "Checked the call log.",
        decidedAt: expect.any(Date) as unknown,
      }),
    ]);
    expect((await audit("order.approve.confirmed", order.id)).map((e) => e.actorId)).toEqual([admin.actor.id]);
    const [applied] = await audit("order.approve", order.id);
    expect(JSON.parse(applied!.detail)).toMatchObject({
      proposalId: proposed.proposalId,
      proposedBy: reviewer.actor.email,
    });
    // A confirmed proposal cannot be confirmed again.
    await rejects(
      confirmApproval(t.db, pay.stripe, otherAdmin.actor, { proposalId: proposed.proposalId }, options),
      "CONFLICT",
      /already confirmed/,
    );
  });

  it("the proposer can never confirm: refused, audited, and the order stays held", async () => {
    const order = await held();
    const { proposalId } = await proposeApproval(t.db, reviewer.actor, approval(order.id), options);
    // Another session of the same person is the same person.
    const sameInAnotherSession = { ...reviewer.actor, sessionId: "another-device" };
    await rejects(
      confirmApproval(t.db, pay.stripe, sameInAnotherSession, { proposalId }, options),
      "FORBIDDEN",
      /another staff member must confirm/,
    );
    expect(await audit("order.approve.confirm.refused", order.id)).toEqual([
      expect.objectContaining({ actorId: reviewer.actor.id }),
    ]);
    const after = await reload(order.id);
    expect(after).toMatchObject({ status: "HELD", decisions: [] });
    expect(after.proposals[0]).toMatchObject({ status: "PENDING", confirmedById: null });
    expect((await intent(order.paymentIntentId!)).status).toBe("requires_capture");
    // Customers and signed-out callers are refused before they learn anything about it.
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
    await rejects(confirmApproval(t.db, pay.stripe, customer, { proposalId }, options), "NOT_FOUND");
    await rejects(confirmApproval(t.db, pay.stripe, null, { proposalId }, options), "UNAUTHENTICATED");
  });

  it("an expired proposal is refused and closed; a new one can then be made", async () => {
    const order = await held();
    const longAgo = () => new Date(Date.now() - 25 * HOUR);
    const { proposalId } = await proposeApproval(t.db, reviewer.actor, approval(order.id), {
      ...options,
      now: longAgo,
    });
    await rejects(confirmApproval(t.db, pay.stripe, admin.actor, { proposalId }, options), "CONFLICT", /expired/);
    const after = await reload(order.id);
    expect(after).toMatchObject({ status: "HELD", decisions: [] });
    expect(after.proposals[0]).toMatchObject({ status: "EXPIRED" });
    expect((await intent(order.paymentIntentId!)).status).toBe("requires_capture");
    await rejects(confirmApproval(t.db, pay.stripe, otherAdmin.actor, { proposalId }, options), "CONFLICT", /expired/);
    const fresh = await proposeApproval(t.db, reviewer.actor, approval(order.id), options);
    await confirmApproval(t.db, pay.stripe, admin.actor, { proposalId: fresh.proposalId }, options);
    expect((await reload(order.id)).status).toBe("PAID");
  });

  it("two concurrent confirms by different staff capture once: one wins, the other is refused", async () => {
    const order = await held();
    const { proposalId } = await proposeApproval(t.db, reviewer.actor, approval(order.id), options);
    const results = await Promise.allSettled([
      confirmApproval(t.db, pay.stripe, admin.actor, { proposalId }, options),
      confirmApproval(t.db, pay.stripe, otherAdmin.actor, { proposalId }, options),
      confirmApproval(t.db, pay.stripe, thirdAdmin.actor, { proposalId }, options),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const lost of results.filter((r) => r.status === "rejected")) {
      expect(lost.reason).toBeInstanceOf(AppError);
      expect((lost.reason as AppError).code).toBe("CONFLICT");
    }
    await pay.settle();
    const pi = await intent(order.paymentIntentId!);
    expect(pi).toMatchObject({ status: "succeeded", amount_received: order.totalCents });
    expect(
      pay.emulator.webhooks.deliveries().filter((d) => d.type === "payment_intent.succeeded" && d.objectId === pi.id),
    ).toHaveLength(1);
    expect(pay.events.log.filter((e) => e.kind === "paid" && e.orderId === order.id)).toHaveLength(1);
    const after = await reload(order.id);
    expect(after.decisions).toHaveLength(1);
    expect(after.proposals).toEqual([expect.objectContaining({ status: "CONFIRMED" })]);
    expect(await audit("order.approve.confirmed", order.id)).toHaveLength(1);
  });

  it("one proposal at a time; rejecting the order closes it, and confirming it afterwards captures nothing", async () => {
    const order = await held();
    const { proposalId } = await proposeApproval(t.db, reviewer.actor, approval(order.id), options);
    await rejects(proposeApproval(t.db, admin.actor, approval(order.id), options), "CONFLICT", /already proposed/);
    await rejectOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, reason: "suspected-fraud", note: "Second look says no." },
      options,
    );
    expect((await reload(order.id)).proposals[0]).toMatchObject({ status: "CANCELLED" });
    await rejects(confirmApproval(t.db, pay.stripe, otherAdmin.actor, { proposalId }, options), "CONFLICT");
    expect((await intent(order.paymentIntentId!)).status).toBe("canceled");
    expect((await reload(order.id)).status).toBe("CANCELLED");
  });

  it("a refund above the amount is proposed, not sent; another admin confirms it and it is sent once", async () => {
    const order = await paidOrder();
    const input = { orderId: order.id, reason: "Returned unopened", amountCents: order.totalCents };
    await rejects(refundOrder(t.db, pay.stripe, admin.actor, input, refundOptions), "CONFLICT", /two-person amount/);
    // Reviewers never refund, not even by proposing.
    await rejects(proposeRefund(t.db, reviewer.actor, input, refundOptions), "FORBIDDEN");
    const proposed = await refundOrPropose(t.db, pay.stripe, admin.actor, input, refundOptions);
    expect(proposed).toMatchObject({ kind: "proposed", amountCents: order.totalCents });
    expect((await reload(order.id)).refunds).toEqual([]);
    const proposalId = proposed.kind === "proposed" ? proposed.proposalId : "";
    await rejects(
      confirmRefund(t.db, pay.stripe, admin.actor, { proposalId }, refundOptions),
      "FORBIDDEN",
      /another staff member/,
    );
    expect(await audit("order.refund.confirm.refused", order.id)).toHaveLength(1);
    // An approval's confirm does not confirm a refund.
    await rejects(confirmApproval(t.db, pay.stripe, otherAdmin.actor, { proposalId }, options), "NOT_FOUND");

    const results = await Promise.allSettled([
      confirmRefund(t.db, pay.stripe, otherAdmin.actor, { proposalId }, refundOptions),
      confirmRefund(t.db, pay.stripe, thirdAdmin.actor, { proposalId }, refundOptions),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await pay.settle();
    const after = await reload(order.id);
    expect(after.refunds).toEqual([
      expect.objectContaining({ amountCents: order.totalCents, status: "SUCCEEDED", staffId: admin.actor.id }),
    ]);
    expect(after.status).toBe("REFUNDED");
    expect(after.proposals).toEqual([expect.objectContaining({ status: "CONFIRMED", refundId: after.refunds[0]!.id })]);
    // Stripe's side: one refund of the whole amount on the charge.
    const pi = await pay.stripe.paymentIntents.retrieve(order.paymentIntentId!, { expand: ["latest_charge"] });
    expect(pi.latest_charge).toMatchObject({ amount_refunded: order.totalCents });
    const [sent] = await audit("order.refund", order.id);
    expect(JSON.parse(sent!.detail)).toMatchObject({ proposalId, proposedBy: admin.actor.email });
    expect(await audit("order.refund.proposed", order.id)).toHaveLength(1);
    expect(await audit("order.refund.confirmed", order.id)).toHaveLength(1);
  });

  it("refunds split into small ones still need a second admin once together they pass the amount; an expired refund proposal is refused", async () => {
    const order = await paidOrder(3);
    const small = Math.floor(DUAL / 2);
    await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, reason: "first part", amountCents: small },
      refundOptions,
    );
    await rejects(
      refundOrder(
        t.db,
        pay.stripe,
        admin.actor,
        { orderId: order.id, reason: "second part", amountCents: small + 1 },
        refundOptions,
      ),
      "CONFLICT",
      /two-person amount/,
    );
    const { proposalId } = await proposeRefund(
      t.db,
      admin.actor,
      { orderId: order.id, reason: "second part", amountCents: small + 1 },
      { ...refundOptions, now: () => new Date(Date.now() - 25 * HOUR) },
    );
    await rejects(
      confirmRefund(t.db, pay.stripe, otherAdmin.actor, { proposalId }, refundOptions),
      "CONFLICT",
      /expired/,
    );
    await pay.settle();
    expect((await reload(order.id)).refunds.map((r) => r.amountCents)).toEqual([small]);
  });

  it("a refund proposal the order outgrew is refused at confirmation and closed as failed", async () => {
    const order = await paidOrder();
    const { proposalId } = await proposeRefund(
      t.db,
      admin.actor,
      { orderId: order.id, reason: "all of it", amountCents: order.totalCents },
      refundOptions,
    );
    await refundOrder(
      t.db,
      pay.stripe,
      otherAdmin.actor,
      { orderId: order.id, reason: "a bit first", amountCents: 100 },
      refundOptions,
    );
    await rejects(
      confirmRefund(t.db, pay.stripe, otherAdmin.actor, { proposalId }, refundOptions),
      "VALIDATION",
      /can still be refunded/,
    );
    const after = await reload(order.id);
    expect(after.proposals[0]).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(/can still be refunded/) as unknown,
    });
    expect(after.refunds.map((r) => r.amountCents)).toEqual([100]);
    expect(await audit("order.refund.confirm.failed", order.id)).toHaveLength(1);
  });

  it("another reviewer's live claim refuses proposing and confirming by name; proposing ends the proposer's own claim, so another can confirm", async () => {
    const order = await held();
    const now = new Date();
    await claimOrder(t.db, reviewer.actor, { orderId: order.id }, { now });
    await rejects(
      proposeApproval(t.db, admin.actor, approval(order.id), options),
      "CONFLICT",
      new RegExp(`Order ${order.reference} is being reviewed by REVIEWER Person until`),
    );
    expect(await reload(order.id)).toMatchObject({ proposals: [], reviewerId: reviewer.actor.id });
    const { proposalId } = await proposeApproval(t.db, reviewer.actor, approval(order.id), options);
    expect(await reload(order.id)).toMatchObject({ reviewerId: null, reviewClaimedAt: null });
    // A third reviewer takes the order meanwhile: the confirmation is refused and the proposal stays waiting.
    await claimOrder(t.db, otherAdmin.actor, { orderId: order.id }, { now: new Date() });
    await rejects(
      confirmApproval(t.db, pay.stripe, admin.actor, { proposalId }, options),
      "CONFLICT",
      /being reviewed by ADMIN Person/,
    );
    expect(await reload(order.id)).toMatchObject({
      status: "HELD",
      proposals: [expect.objectContaining({ status: "PENDING" })],
    });
    await claimOrder(t.db, otherAdmin.actor, { orderId: order.id, intent: "release" }, { now: new Date() });
    await confirmApproval(t.db, pay.stripe, admin.actor, { proposalId }, options);
    expect(await reload(order.id)).toMatchObject({
      status: "PAID",
      proposals: [expect.objectContaining({ status: "CONFIRMED" })],
    });
  });

  it("the proposer withdraws their own waiting proposal, audited; nobody else can; a withdrawn proposal is never confirmed, and the order can be proposed again", async () => {
    const order = await held();
    const { proposalId } = await proposeApproval(t.db, reviewer.actor, approval(order.id), options);
    // Someone else, even an admin, is refused and audited; customers and signed-out callers learn nothing.
    await rejects(
      withdrawProposal(t.db, admin.actor, { proposalId }, { now: new Date() }),
      "FORBIDDEN",
      /Only the staff member who proposed this/,
    );
    expect(await audit("order.approve.withdraw.refused", order.id)).toEqual([
      expect.objectContaining({ actorId: admin.actor.id }),
    ]);
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
    await rejects(withdrawProposal(t.db, customer, { proposalId }, { now: new Date() }), "NOT_FOUND");
    await rejects(withdrawProposal(t.db, null, { proposalId }, { now: new Date() }), "UNAUTHENTICATED");
    await rejects(withdrawProposal(t.db, reviewer.actor, { proposalId: "" }, { now: new Date() }), "VALIDATION");
    await rejects(withdrawProposal(t.db, reviewer.actor, { proposalId: "nope" }, { now: new Date() }), "NOT_FOUND");
    expect((await reload(order.id)).proposals[0]).toMatchObject({ status: "PENDING" });

    const withdrawn = await withdrawProposal(t.db, reviewer.actor, { proposalId }, { now: new Date(), ip: "10.0.0.7" });
    expect(withdrawn).toMatchObject({ proposalId, orderId: order.id, kind: "APPROVE", amountCents: order.totalCents });
    expect((await reload(order.id)).proposals[0]).toMatchObject({
      status: "WITHDRAWN",
      decidedAt: expect.any(Date) as unknown,
      confirmedById: null,
    });
    const [entry] = await audit("order.approve.withdrawn", order.id);
    expect(entry).toMatchObject({ actorId: reviewer.actor.id, ip: "10.0.0.7" });
    expect(JSON.parse(entry!.detail)).toMatchObject({ reference: order.reference, proposalId });
    expect((await listProposals(t.db, admin.actor, order.id))[0]).toMatchObject({ status: "WITHDRAWN" });

    await rejects(confirmApproval(t.db, pay.stripe, admin.actor, { proposalId }, options), "CONFLICT", /withdrawn/);
    await rejects(withdrawProposal(t.db, reviewer.actor, { proposalId }, { now: new Date() }), "CONFLICT", /withdrawn/);
    expect(await reload(order.id)).toMatchObject({ status: "HELD", decisions: [] });
    expect((await intent(order.paymentIntentId!)).status).toBe("requires_capture");
    const again = await proposeApproval(t.db, admin.actor, approval(order.id), options);
    await confirmApproval(t.db, pay.stripe, reviewer.actor, { proposalId: again.proposalId }, options);
    expect((await reload(order.id)).status).toBe("PAID");
  });

  it("a withdrawal racing confirmations: exactly one wins, and a withdrawn proposal captures nothing", async () => {
    // On PostgreSQL the withdrawal runs on its own connection, so they race for real.
    const second = provider === "postgresql" ? createDb(t.url) : t.db;
    try {
      for (let round = 0; round < 3; round++) {
        const order = await held();
        const { proposalId } = await proposeApproval(t.db, reviewer.actor, approval(order.id), options);
        const [withdraw, ...confirms] = await Promise.allSettled([
          withdrawProposal(second, reviewer.actor, { proposalId }, { now: new Date() }),
          confirmApproval(t.db, pay.stripe, admin.actor, { proposalId }, options),
          confirmApproval(t.db, pay.stripe, otherAdmin.actor, { proposalId }, options),
        ]);
        expect([withdraw, ...confirms].filter((r) => r.status === "fulfilled")).toHaveLength(1);
        await pay.settle();
        const after = await reload(order.id);
        const pi = await intent(order.paymentIntentId!);
        if (withdraw.status === "fulfilled") {
          expect(after).toMatchObject({
            status: "HELD",
            decisions: [],
            proposals: [expect.objectContaining({ status: "WITHDRAWN" })],
          });
          expect(pi.status).toBe("requires_capture");
        } else {
          expect((withdraw.reason as AppError).code).toBe("CONFLICT");
          expect(after).toMatchObject({
            status: "PAID",
            proposals: [expect.objectContaining({ status: "CONFIRMED" })],
          });
          expect(pi).toMatchObject({ status: "succeeded", amount_received: order.totalCents });
        }
      }
    } finally {
      if (second !== t.db) await (second as ReturnType<typeof createDb>).$disconnect();
    }
  });

  it("a refund proposal is withdrawn by its proposing admin only; then it cannot be sent", async () => {
    const order = await paidOrder();
    const proposed = await proposeRefund(
      t.db,
      admin.actor,
      { orderId: order.id, reason: "Returned", amountCents: order.totalCents },
      refundOptions,
    );
    // A reviewer cannot touch refunds at all, not even to withdraw one.
    await rejects(
      withdrawProposal(t.db, reviewer.actor, { proposalId: proposed.proposalId }, { now: new Date() }),
      "FORBIDDEN",
      /not allowed/,
    );
    await rejects(
      withdrawProposal(t.db, otherAdmin.actor, { proposalId: proposed.proposalId }, { now: new Date() }),
      "FORBIDDEN",
      /Only the staff member/,
    );
    await withdrawProposal(t.db, admin.actor, { proposalId: proposed.proposalId }, { now: new Date() });
    expect(await audit("order.refund.withdrawn", order.id)).toHaveLength(1);
    await rejects(
      confirmRefund(t.db, pay.stripe, otherAdmin.actor, { proposalId: proposed.proposalId }, refundOptions),
      "CONFLICT",
      /withdrawn/,
    );
    expect(await reload(order.id)).toMatchObject({
      status: "PAID",
      refunds: [],
      proposals: [expect.objectContaining({ status: "WITHDRAWN" })],
    });
  });
});
