// The alerts inbox groups alerts by order and marks one order's alerts read together.
// Real SQLite file and PostgreSQL.
import { describe, expect, it } from "vitest";
import { alertsForStaff, groupAlertsByOrder, markOrderAlertsRead } from "@/lib/admin/alerts";
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

describe.each(providers())("alerts grouped by order on %s", (provider) => {
  const t = databaseSuite(provider);

  it("groups an order's alerts, marks them read together and leaves other orders alone", async () => {
    const reviewer = await createStaff(t.db, testKeyring(), "REVIEWER");
    const order = (reference: string) =>
      t.db.order.create({
        data: {
          reference,
          email: "lin@example.com",
          status: "HELD",
          currency: "usd",
          subtotalCents: 1,
          shippingCents: 0,
          totalCents: 1,
          ...shipping,
        },
      });
    const [a, b] = [await order("AAAA-AAAA"), await order("BBBB-BBBB")];
    const alert = (orderId: string | null, rule: string) =>
      t.db.alert.create({ data: { kind: "FRAUD_RULE", orderId, rule, message: rule, evidence: "{}" } });
    await alert(a.id, "ip-country-mismatch");
    await alert(b.id, "card-many-orders");
    await alert(a.id, "billing-mismatch");
    await alert(null, "none");

    const groups = groupAlertsByOrder((await alertsForStaff(t.db, reviewer.actor, {})).rows);
    expect(groups.map((g) => [g.order?.reference ?? null, g.alerts.length, g.unread]).sort()).toEqual(
      [
        ["AAAA-AAAA", 2, 2],
        ["BBBB-BBBB", 1, 1],
        [null, 1, 1],
      ].sort(),
    );

    expect(await markOrderAlertsRead(t.db, reviewer.actor, { orderId: a.id })).toBe(2);
    expect(await markOrderAlertsRead(t.db, reviewer.actor, { orderId: a.id })).toBe(0);
    const unread = await t.db.alert.findMany({ where: { readAt: null }, select: { orderId: true } });
    expect(unread.map((u) => u.orderId).sort()).toEqual([b.id, null].sort());
    await rejects(markOrderAlertsRead(t.db, null, { orderId: b.id }), "UNAUTHENTICATED");
    await rejects(markOrderAlertsRead(t.db, reviewer.actor, { orderId: "" }), "VALIDATION");
  });
});
