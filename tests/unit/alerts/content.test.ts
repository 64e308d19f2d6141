import { describe, expect, it } from "vitest";
import { alertEmail, alertSubject, alertWebhookBody, evidenceLines, type AlertForDelivery } from "@/lib/alerts/content";
import { retryDelayMs } from "@/lib/alerts/deliver";

const env = { APP_URL: "https://shop.example.com", ALERT_EMAIL: "alerts@example.com" };
const alert: AlertForDelivery = {
  id: "alert1",
  kind: "FRAUD_RULE",
  rule: "ip-country-mismatch",
  orderId: "order1",
  message: "Held: order placed from GB, account signed up in US",
  evidence: JSON.stringify({
    ipCountry: "GB",
    signupCountry: "US",
    name: '<img src=x onerror="alert(1)">',
    orders: [1, 2],
  }),
  createdAt: new Date("2026-03-01T10:00:00.000Z"),
  order: { reference: "ABCD-EFGH" },
};

describe("alert content", () => {
  it("subjects name the kind, the order reference and the rule, on one line", () => {
    expect(alertSubject(alert)).toBe("[Fraud alert] Order ABCD-EFGH: ip-country-mismatch");
    expect(alertSubject({ ...alert, kind: "AUTHORIZATION_EXPIRING", rule: null })).toBe(
      "[Authorization alert] Order ABCD-EFGH: authorization expires soon",
    );
    expect(alertSubject({ ...alert, kind: "PAYMENT_MISMATCH", rule: null, order: null, orderId: null })).toBe(
      "[Payment alert] payment does not match the order",
    );
    expect(alertSubject({ ...alert, rule: "evil\r\nBcc: x@example.com" })).not.toMatch(/[\r\n]/);
  });

  it("the email lists the evidence as readable lines, escapes it in HTML and links to the order", () => {
    const email = alertEmail(env, alert);
    expect(email.text).toContain("ipCountry: GB");
    expect(email.text).toContain("orders: [1,2]");
    expect(email.text).toContain("https://shop.example.com/admin/orders/order1");
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(email.html).toContain('href="https://shop.example.com/admin/orders/order1"');
    expect(alertEmail(env, { ...alert, orderId: null, order: null }).text).toContain(
      "https://shop.example.com/admin/alerts",
    );
  });

  it("evidence lines are one line each and bounded", () => {
    const [line] = evidenceLines({ note: `a\nb${"x".repeat(2000)}` });
    expect(line).not.toContain("\n");
    expect(line!.length).toBeLessThan(600);
  });

  it("the webhook body carries the documented fields", () => {
    expect(JSON.parse(alertWebhookBody(env, alert))).toEqual({
      id: "alert1",
      kind: "FRAUD_RULE",
      rule: "ip-country-mismatch",
      orderId: "order1",
      message: alert.message,
      evidence: JSON.parse(alert.evidence) as unknown,
      createdAt: "2026-03-01T10:00:00.000Z",
      dashboardUrl: "https://shop.example.com/admin/orders/order1",
    });
  });

  it("retries back off exponentially from 30 s, capped at an hour", () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelayMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });
});
