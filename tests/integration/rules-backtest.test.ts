import { describe, expect, it } from "vitest";
import { backtestChange } from "@/lib/admin/backtest";
import type { Actor } from "@/lib/auth/authorize";
import { AppError } from "@/lib/errors";
import { DEFAULT_RULES } from "@/lib/fraud/config";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";

// "Preview on the last 90 days" on a real database: orders with recorded rule results and known
// outcomes (a rejection with its reason code, a refund for fraud, a dispute), and the exact
// counts a settings change would have moved. Nothing is saved, and only admins may ask.

const actor = (role: string): Actor => ({
  id: `staff-${role}`,
  email: `${role.toLowerCase()}@example.com`,
  name: role,
  role,
  sessionId: "s",
  twoFactorEnabled: true,
  authMethod: "TOTP",
  passkeyRequired: false,
});
const admin = actor("ADMIN");
const DAY = 86_400_000;
const now = new Date();

type Seed = {
  key: string;
  daysAgo: number;
  totalCents?: number;
  assessed?: boolean;
  fired?: string[];
  rejected?: string | null;
  refund?: string;
  disputed?: boolean;
};

// Every order is assessed (a risk score) unless said otherwise; `fired` are its FraudCheck rows.
const SEEDS: Seed[] = [
  { key: "o1", daysAgo: 3, fired: ["shipping-billing-mismatch"], rejected: "suspected-fraud" },
  { key: "o2", daysAgo: 10, fired: ["shipping-billing-mismatch", "billing-mismatch"], rejected: "stolen-card" },
  {
    key: "o3",
    daysAgo: 20,
    fired: ["shipping-billing-mismatch"],
    refund: "Fraudulent: the cardholder called their bank",
    disputed: true,
  },
  { key: "o4", daysAgo: 30, fired: ["shipping-billing-mismatch"], rejected: "customer-request" },
  { key: "o5", daysAgo: 40, totalCents: 20_000, disputed: true },
  { key: "o6", daysAgo: 100, totalCents: 99_999, fired: ["shipping-billing-mismatch"], rejected: "suspected-fraud" },
  { key: "o7", daysAgo: 5, totalCents: 30_000, assessed: false },
  { key: "o8", daysAgo: 50, fired: ["shipping-billing-mismatch"], refund: "Customer changed their mind" },
  { key: "o9", daysAgo: 60, totalCents: 50_000, refund: "fraud reported by the issuer" },
  { key: "o10", daysAgo: 70, fired: ["card-many-orders"], rejected: null },
];

async function seed(db: ReturnType<typeof databaseSuite>["db"]) {
  for (const s of SEEDS) {
    const total = s.totalCents ?? 4_500;
    const order = await db.order.create({
      data: {
        reference: `BT-${s.key}`,
        email: `${s.key}@example.org`,
        status: s.rejected !== undefined ? "CANCELLED" : "PAID",
        currency: "usd",
        subtotalCents: total - 500,
        shippingCents: 500,
        totalCents: total,
        shippingName: "Lin Chen",
        shippingLine1: "5 Main St",
        shippingCity: "Springfield",
        shippingPostal: "12345",
        shippingCountry: "US",
        riskScore: s.assessed === false ? null : (s.fired?.length ?? 0) * 15,
        createdAt: new Date(now.getTime() - s.daysAgo * DAY),
        payment: {
          create: {
            paymentIntentId: `pi_bt_${s.key}`,
            status: "succeeded",
            amountAuthorized: total,
            cardCountry: "US",
            cardholderName: "Lin Chen",
            billingCountry: "US",
          },
        },
      },
    });
    for (const rule of s.fired ?? [])
      await db.fraudCheck.create({
        data: { orderId: order.id, rule, action: "HOLD", message: "m", evidence: "{}", points: 15 },
      });
    if (s.rejected !== undefined)
      await db.orderDecision.create({
        data: { orderId: order.id, decision: "REJECT", note: "n", outcome: "APPLIED", reason: s.rejected },
      });
    if (s.refund)
      await db.refund.create({
        data: { orderId: order.id, amountCents: total, reason: s.refund, status: "SUCCEEDED" },
      });
    if (s.disputed)
      await db.dispute.create({
        data: {
          id: `dp_bt_${s.key}`,
          orderId: order.id,
          chargeId: `ch_bt_${s.key}`,
          amountCents: total,
          currency: "usd",
          reason: "fraudulent",
          status: "needs_response",
        },
      });
  }
}

const ruleForm = (id: string, change: Record<string, unknown> = {}) => {
  const base = DEFAULT_RULES.find((r) => r.id === id)!;
  return { id, enabled: base.enabled ? "on" : "off", action: base.action, thresholds: base.thresholds, ...change };
};

describe.each(providers())("rules backtest on %s", (provider) => {
  const t = databaseSuite(provider, async (suite) => {
    await seed(suite.db);
    return {};
  });

  it("counts the orders a rule switched to ALERT would no longer hold, with their outcomes", async () => {
    const view = await backtestChange(
      t.db,
      admin,
      { kind: "rule", rule: ruleForm("shipping-billing-mismatch", { action: "ALERT" }) },
      now,
    );
    // o6 is older than 90 days and o7 was never assessed.
    expect(view.assessed).toBe(8);
    // Held now: o1, o2, o3, o4, o8 (shipping-billing-mismatch holds) and o10 (card-many-orders holds).
    expect([view.heldCurrent, view.heldProposed]).toEqual([6, 2]);
    expect(view.more).toMatchObject({ orders: 0, rejected: 0, refundedAsFraud: 0, disputed: 0 });
    // o2 stays held (billing-mismatch still holds); o1, o3, o4 and o8 would have been captured.
    expect(view.fewer).toMatchObject({
      orders: 4,
      rejected: 2,
      rejectedByReason: { "suspected-fraud": 1, "customer-request": 1 },
      refundedAsFraud: 1,
      disputed: 1,
      withAnyOutcome: 3,
    });
    expect(view.fewer.rejectedReasons).toEqual([
      { label: "Customer asked to cancel", count: 1 },
      { label: "Suspected fraud", count: 1 },
    ]);
    expect(view).toMatchObject({ notReplayed: [], reevaluated: [], days: 90 });
  });

  it("re-runs a rule that reads only the order on every stored order when it is turned on", async () => {
    const view = await backtestChange(
      t.db,
      admin,
      { kind: "rule", rule: ruleForm("high-order-amount", { enabled: "on", thresholds: { maxAmountCents: "10000" } }) },
      now,
    );
    // o5 (200.00) and o9 (500.00) are above 100.00; o6 is too, but older than 90 days; o7 was not assessed.
    expect([view.heldCurrent, view.heldProposed]).toEqual([6, 8]);
    expect(view.more).toMatchObject({ orders: 2, rejected: 0, refundedAsFraud: 1, disputed: 1, withAnyOutcome: 2 });
    expect(view.fewer.orders).toBe(0);
    expect(view.reevaluated).toEqual(["Order total above a limit"]);
  });

  it("says when a history rule's new thresholds cannot be replayed, and keeps its recorded results", async () => {
    const base = DEFAULT_RULES.find((r) => r.id === "card-many-orders")!;
    const view = await backtestChange(
      t.db,
      admin,
      { kind: "rule", rule: ruleForm("card-many-orders", { thresholds: { ...base.thresholds, minOrders: "50" } }) },
      now,
    );
    expect(view.notReplayed).toEqual(["One card on many orders or accounts"]);
    expect([view.heldCurrent, view.heldProposed, view.more.orders, view.fewer.orders]).toEqual([6, 6, 0, 0]);
  });

  it("previews a preset and a hold score", async () => {
    const alertOnly = await backtestChange(t.db, admin, { kind: "preset", preset: "alert-only" }, now);
    expect([
      alertOnly.heldProposed,
      alertOnly.fewer.orders,
      alertOnly.fewer.rejected,
      alertOnly.fewer.refundedAsFraud,
      alertOnly.fewer.disputed,
    ]).toEqual([0, 6, 4, 1, 1]);
    expect(alertOnly.fewer.rejectedByReason).toEqual({
      "suspected-fraud": 1,
      "stolen-card": 1,
      "customer-request": 1,
      none: 1,
    });
    // Every rule still HOLDs by default, so the hold score changes nothing here.
    const score = await backtestChange(t.db, admin, { kind: "hold-score", holdScore: "" }, now);
    expect([score.heldCurrent, score.heldProposed, score.subject]).toEqual([6, 6, "no hold score"]);
  });

  it("refuses anyone but an admin, rejects bad input with the save's message, and saves nothing", async () => {
    const audit = await t.db.auditLog.count();
    const input = { kind: "preset", preset: "alert-only" };
    await expect(backtestChange(t.db, actor("REVIEWER"), input, now)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(backtestChange(t.db, actor("CUSTOMER"), input, now)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(backtestChange(t.db, null, input, now)).rejects.toBeInstanceOf(AppError);
    await expect(backtestChange(t.db, admin, { kind: "hold-score", holdScore: "abc" }, now)).rejects.toMatchObject({
      code: "VALIDATION",
      fields: { holdScore: "Enter a whole number." },
    });
    await expect(
      backtestChange(
        t.db,
        admin,
        { kind: "rule", rule: ruleForm("card-many-orders", { thresholds: { minOrders: "1" } }) },
        now,
      ),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(backtestChange(t.db, admin, { kind: "drop-tables" }, now)).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(await t.db.fraudRuleSetting.count()).toBe(0);
    expect(await t.db.fraudPolicy.count()).toBe(0);
    expect(await t.db.auditLog.count()).toBe(audit);
  });

  it("re-runs rules on the card and customer read with the order (payment and account joined)", async () => {
    // A guest and a customer, each paying with a card in another name; the customer's account name is Lin Chen.
    const user = await t.db.user.create({
      data: { email: "lin.chen@example.org", name: "Lin Chen", passwordHash: "x", signupCountry: "US" },
    });
    const base = {
      status: "PAID",
      currency: "usd",
      subtotalCents: 4_000,
      shippingCents: 500,
      totalCents: 4_500,
      shippingName: "Lin Chen",
      shippingLine1: "5 Main St",
      shippingCity: "Springfield",
      shippingPostal: "12345",
      shippingCountry: "US",
      riskScore: 0,
      createdAt: new Date(now.getTime() - DAY),
    };
    const card = (key: string) => ({
      create: {
        paymentIntentId: `pi_bt_${key}`,
        status: "succeeded",
        amountAuthorized: 4_500,
        cardCountry: "US",
        cardholderName: "Mallory Evil",
        billingCountry: "US",
      },
    });
    const orders = [
      await t.db.order.create({
        data: { ...base, reference: "BT-guest", email: "guest@example.org", payment: card("guest") },
      }),
      await t.db.order.create({
        data: {
          ...base,
          reference: "BT-account",
          email: user.email,
          userId: user.id,
          shippingName: "A Friend",
          payment: card("account"),
        },
      }),
    ];
    try {
      // Switching off the guests' shipping-name comparison spares the guest only: the customer's
      // card is still compared with the account name (a customer read as a guest would be spared too).
      const view = await backtestChange(
        t.db,
        admin,
        {
          kind: "rule",
          rule: ruleForm("cardholder-name-mismatch", { thresholds: { compareGuestShippingName: "off" } }),
        },
        now,
      );
      expect(view.reevaluated).toEqual(["Cardholder name differs from the customer's name"]);
      expect([view.heldCurrent, view.heldProposed]).toEqual([8, 7]);
      expect(view.fewer.orders).toBe(1);
    } finally {
      await t.db.order.deleteMany({ where: { id: { in: orders.map((o) => o.id) } } });
      await t.db.user.delete({ where: { id: user.id } });
    }
  });
});
