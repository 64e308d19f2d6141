// The history a reviewer reads beside a held order counts only what happened before the order:
// earlier orders, spend, refunds, disputes and decisions by customer and by card, and declines.
// Real SQLite file and PostgreSQL.
import { describe, expect, it } from "vitest";
import { formatDuration, reviewerSignals } from "@/lib/admin/reviewer-signals";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";

const DAY = 86_400_000;
const shipping = {
  shippingName: "Lin Chen",
  shippingLine1: "5 Main St",
  shippingCity: "Springfield",
  shippingPostal: "12345",
  shippingCountry: "US",
};

describe.each(providers())("reviewer signals on %s", (provider) => {
  const t = databaseSuite(provider);
  let n = 0;
  const order = (data: {
    email: string;
    userId?: string | null;
    createdAt: Date;
    status?: string;
    currency?: string;
    captured?: number;
    fingerprint?: string;
  }) =>
    t.db.order.create({
      data: {
        reference: `REF-${provider}-${++n}`,
        email: data.email,
        userId: data.userId ?? null,
        status: data.status ?? "PAID",
        currency: data.currency ?? "usd",
        subtotalCents: 1000,
        shippingCents: 0,
        totalCents: 1000,
        createdAt: data.createdAt,
        paidAt: data.captured ? data.createdAt : null,
        ...shipping,
        ...(data.captured !== undefined || data.fingerprint
          ? {
              payment: {
                create: {
                  paymentIntentId: `pi_${provider}_${n}`,
                  status: "succeeded",
                  amountAuthorized: 1000,
                  amountCaptured: data.captured ?? 0,
                  cardFingerprint: data.fingerprint ?? null,
                },
              },
            }
          : {}),
      },
    });

  it("counts earlier orders, spend, refunds, disputes and decisions, never later ones", async () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const user = await t.db.user.create({
      data: { email: "lin@example.com", name: "Lin", passwordHash: "x", createdAt: new Date(now.getTime() - 3 * DAY) },
    });
    const staff = await t.db.user.create({
      data: { email: "rev@example.com", name: "Rev", passwordHash: "x", role: "REVIEWER" },
    });
    const paid = await order({
      email: user.email,
      userId: user.id,
      createdAt: new Date(now.getTime() - 2 * DAY),
      captured: 1000,
    });
    await order({
      email: user.email,
      userId: user.id,
      createdAt: new Date(now.getTime() - DAY),
      captured: 500,
      currency: "eur",
    });
    await order({ email: user.email, userId: user.id, createdAt: new Date(now.getTime() - DAY), status: "EXPIRED" });
    await t.db.refund.create({
      data: { orderId: paid.id, amountCents: 300, reason: "requested_by_customer", status: "SUCCEEDED" },
    });
    await t.db.refund.create({
      data: { orderId: paid.id, amountCents: 700, reason: "requested_by_customer", status: "FAILED" },
    });
    await t.db.dispute.create({
      data: {
        id: `dp_${provider}`,
        orderId: paid.id,
        chargeId: "ch_1",
        amountCents: 1000,
        currency: "usd",
        reason: "fraudulent",
        status: "needs_response",
      },
    });
    await t.db.orderDecision.create({
      data: {
        orderId: paid.id,
        decision: "APPROVE",
        note: "ok",
        staffId: staff.id,
        outcome: "APPLIED",
        createdAt: new Date(now.getTime() - 2 * DAY),
      },
    });
    // The same card on a stranger's order that staff rejected, and a failed decision that never applied.
    const stranger = await order({
      email: "other@example.com",
      createdAt: new Date(now.getTime() - 5 * DAY),
      status: "CANCELLED",
      fingerprint: "fp_same",
    });
    await t.db.orderDecision.create({
      data: {
        orderId: stranger.id,
        decision: "REJECT",
        note: "stolen",
        staffId: staff.id,
        outcome: "APPLIED",
        createdAt: new Date(now.getTime() - 5 * DAY),
      },
    });
    await t.db.orderDecision.create({
      data: {
        orderId: stranger.id,
        decision: "APPROVE",
        note: "x",
        staffId: staff.id,
        outcome: "FAILED",
        createdAt: new Date(now.getTime() - 5 * DAY),
      },
    });
    // After the order: must not count.
    await order({ email: user.email, userId: user.id, createdAt: new Date(now.getTime() + DAY), captured: 9999 });

    const current = await order({
      email: user.email,
      userId: user.id,
      createdAt: now,
      status: "HELD",
      fingerprint: "fp_same",
    });
    const at = (ms: number) => new Date(now.getTime() + ms);
    const signals = await reviewerSignals(
      t.db,
      { ...current, user: { createdAt: user.createdAt }, cardFingerprint: "fp_same" },
      {
        own: [
          { outcome: "DECLINED", attemptedAt: at(1000) },
          { outcome: "FAILED", attemptedAt: at(2000) },
          { outcome: "AUTHORIZED", attemptedAt: at(3000) },
          { outcome: "DECLINED", attemptedAt: at(4000) },
        ],
        related: [
          { outcome: "DECLINED", attemptedAt: at(-DAY) },
          { outcome: "AUTHORIZED", attemptedAt: at(-DAY) },
          { outcome: "DECLINED", attemptedAt: at(DAY) },
        ],
      },
    );
    expect(signals).toEqual({
      guest: false,
      accountAgeMs: 3 * DAY,
      earlierOrders: 3,
      earlierPaidOrders: 2,
      spendCents: 1000,
      refunds: 1,
      refundedCents: 300,
      disputes: 1,
      earlierDecisions: { customer: { approved: 1, rejected: 0 }, card: { approved: 0, rejected: 1 } },
      declinesBeforeThisPayment: 2,
      declinesBefore30Days: 1,
    });
    expect(formatDuration(signals.accountAgeMs!)).toBe("3 days");
  });

  it("a first-time guest has no account age and no history", async () => {
    const now = new Date("2026-06-02T12:00:00Z");
    const current = await order({ email: "new-guest@example.com", createdAt: now, status: "HELD" });
    const signals = await reviewerSignals(
      t.db,
      { ...current, user: null, cardFingerprint: null },
      { own: [], related: [] },
    );
    expect(signals).toMatchObject({
      guest: true,
      accountAgeMs: null,
      earlierOrders: 0,
      spendCents: 0,
      disputes: 0,
      earlierDecisions: { customer: { approved: 0, rejected: 0 }, card: { approved: 0, rejected: 0 } },
    });
  });
});

describe("formatDuration", () => {
  it("picks the unit a reviewer reads at a glance", () => {
    expect([30_000, 5 * 60_000, 60 * 60_000, 47 * 3_600_000, 2 * DAY, 800 * DAY].map(formatDuration)).toEqual([
      "under a minute",
      "5 minutes",
      "1 hour",
      "47 hours",
      "2 days",
      "2 years",
    ]);
  });
});
