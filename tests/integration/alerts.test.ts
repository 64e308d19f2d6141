import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  deliverPendingAlerts,
  lastAlertDelivery,
  listAlerts,
  markAlertRead,
  MAX_ATTEMPTS,
  raiseAlert,
  unreadAlertCount,
  verifyAlertSignature,
  type AlertDeps,
} from "@/lib/alerts";
import type { Actor } from "@/lib/auth/authorize";
import { createMailer } from "@/lib/email";
import { AppError } from "@/lib/errors";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { decodeHeader, parseMessage, startSmtpCapture } from "../unit/email/smtp-capture";

const SECRET = "alert_webhook_secret_0123456789abcdefghij";
const MINUTE = 60_000;

type Hit = { headers: IncomingHttpHeaders; body: string };

/** A real HTTP receiver on loopback; `status` decides each reply. */
async function startReceiver() {
  const hits: Hit[] = [];
  const state = { status: (_n: number): number => 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(state.status(hits.length)).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts?token=receiver-token-123`;
  return { url, hits, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const staffActor = (id: string, role = "REVIEWER", twoFactorEnabled = true): Actor => ({
  id,
  email: `${id}@example.com`,
  name: id,
  role,
  sessionId: "s",
  twoFactorEnabled,
  authMethod: null,
  passkeyRequired: false,
});

describe.each(providers())("staff alerts on %s", (provider) => {
  let t: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let deps: AlertDeps;
  let orderId: string;
  let reviewerId: string;

  const deliveries = (alertId: string) =>
    t.db.alertDelivery.findMany({ where: { alertId }, orderBy: { channel: "asc" } });
  const fraud = (extra: Partial<Parameters<typeof raiseAlert>[1]> = {}, using?: AlertDeps) =>
    raiseAlert(
      t.db,
      {
        kind: "FRAUD_RULE",
        orderId,
        rule: "card-many-accounts",
        message: "Held: this card paid for 3 accounts in 24 h",
        evidence: { fingerprint: "fp_abc", accounts: 3, cardholder: "<b>Lin</b>" },
        ...extra,
      },
      using ?? deps,
    );

  beforeAll(async () => {
    t = await freshDatabase(provider);
    smtp = await startSmtpCapture();
    receiver = await startReceiver();
    const mailer = createMailer({ smtpUrl: smtp.url, from: "Secure Store <no-reply@localhost>" });
    deps = {
      send: (m) => mailer.send(m),
      fetch,
      env: {
        APP_URL: "https://shop.example.com",
        ALERT_EMAIL: "alerts@example.com",
        ALERT_WEBHOOK_URL: receiver.url,
        ALERT_WEBHOOK_SECRET: SECRET,
      },
    };
    const order = await t.db.order.create({
      data: {
        reference: "ABCD-EFGH",
        email: "lin@example.com",
        status: "HELD",
        currency: "usd",
        subtotalCents: 2500,
        shippingCents: 500,
        totalCents: 3000,
        shippingName: "Lin Chen",
        shippingLine1: "5 Main St",
        shippingCity: "Springfield",
        shippingPostal: "12345",
        shippingCountry: "US",
      },
    });
    orderId = order.id;
    reviewerId = (
      await t.db.user.create({
        data: { email: "reviewer@example.com", name: "Rev", passwordHash: "x", role: "REVIEWER" },
      })
    ).id;
    await t.db.user.create({ data: { email: "boss@example.com", name: "Boss", passwordHash: "x", role: "ADMIN" } });
    await t.db.user.create({
      data: { email: "shopper@example.com", name: "Shopper", passwordHash: "x", role: "CUSTOMER" },
    });
  });
  beforeEach(() => {
    smtp.received.length = 0;
    receiver.hits.length = 0;
    receiver.state.status = () => 200;
  });
  afterAll(async () => {
    await receiver.close();
    await smtp.close();
    await t.drop();
  });

  it("no alert attempted yet: lastAlertDelivery is null", async () => {
    expect(await lastAlertDelivery(t.db)).toBeNull();
  });

  it("emails ALERT_EMAIL over a real SMTP conversation with the evidence and a link to the order", async () => {
    const { id } = await fraud();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.rcptTo).toEqual(["alerts@example.com"]);
    const parsed = parseMessage(mail.raw);
    expect(decodeHeader(parsed.headers.get("subject") ?? "")).toBe("[Fraud alert] Order ABCD-EFGH: card-many-accounts");
    expect(parsed.text).toContain("Held: this card paid for 3 accounts in 24 h");
    expect(parsed.text).toContain("fingerprint: fp_abc");
    expect(parsed.text).toContain(`https://shop.example.com/admin/orders/${orderId}`);
    expect(parsed.html).toContain("&lt;b&gt;Lin&lt;/b&gt;");
    expect(parsed.html).not.toContain("<b>Lin</b>");
    expect((await deliveries(id)).map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ["EMAIL", "DELIVERED", 1],
      ["WEBHOOK", "DELIVERED", 1],
    ]);
    expect(await lastAlertDelivery(t.db)).toMatchObject({ ok: true, channel: "email" });
  });

  it("posts a signed webhook that verifyAlertSignature accepts, and rejects once the body is changed", async () => {
    const { id } = await fraud();
    expect(receiver.hits).toHaveLength(1);
    const hit = receiver.hits[0]!;
    expect(hit.headers["content-type"]).toBe("application/json");
    const signature = hit.headers["x-store-signature"] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyAlertSignature(SECRET, hit.body, signature)).toBe(true);
    expect(verifyAlertSignature(SECRET, hit.body.replace("card-many-accounts", "nothing-to-see"), signature)).toBe(
      false,
    );
    expect(verifyAlertSignature("another_secret_0123456789abcdefghijklmn", hit.body, signature)).toBe(false);
    const payload = JSON.parse(hit.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      id,
      kind: "FRAUD_RULE",
      rule: "card-many-accounts",
      orderId,
      message: "Held: this card paid for 3 accounts in 24 h",
      evidence: { fingerprint: "fp_abc", accounts: 3 },
      dashboardUrl: `https://shop.example.com/admin/orders/${orderId}`,
    });
    expect(new Date(payload.createdAt as string).toString()).not.toBe("Invalid Date");
  });

  it("without ALERT_EMAIL, emails every admin and reviewer (not customers); without a webhook URL, queues no webhook", async () => {
    const { id } = await raiseAlert(
      t.db,
      { kind: "PAYMENT_MISMATCH", orderId, message: "Amount differs", evidence: { amount: 1 } },
      { ...deps, env: { APP_URL: "https://shop.example.com" } },
    );
    expect(
      smtp.received
        .map((m) => m.rcptTo)
        .flat()
        .sort(),
    ).toEqual(["boss@example.com", "reviewer@example.com"]);
    expect(receiver.hits).toHaveLength(0);
    expect((await deliveries(id)).map((d) => [d.channel, d.status])).toEqual([["EMAIL", "DELIVERED"]]);
  });

  it("retries a failing webhook with backoff: fails twice, delivered on the third attempt", async () => {
    receiver.state.status = (n) => (n <= 2 ? 503 : 204);
    const start = new Date();
    const { id } = await fraud();
    let [, webhook] = await deliveries(id);
    expect(webhook).toMatchObject({ status: "PENDING", attempts: 1, lastError: "HTTP 503" });

    // Not due yet: nothing is sent before the 30 s backoff.
    expect(await deliverPendingAlerts(t.db, deps, new Date(start.getTime() + 20_000))).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
    });
    expect(receiver.hits).toHaveLength(1);

    const second = new Date(start.getTime() + MINUTE);
    expect(await deliverPendingAlerts(t.db, deps, second)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    [, webhook] = await deliveries(id);
    expect(webhook).toMatchObject({ status: "PENDING", attempts: 2 });
    expect(webhook!.nextAttemptAt.getTime()).toBe(second.getTime() + MINUTE);
    expect(await lastAlertDelivery(t.db)).toMatchObject({
      ok: false,
      channel: "webhook",
      error: "HTTP 503",
      at: second,
    });

    expect(await deliverPendingAlerts(t.db, deps, new Date(second.getTime() + 2 * MINUTE))).toEqual({
      delivered: 1,
      retrying: 0,
      failed: 0,
    });
    expect(receiver.hits).toHaveLength(3);
    expect(new Set(receiver.hits.map((h) => JSON.parse(h.body) as { id: string }).map((p) => p.id))).toEqual(
      new Set([id]),
    );
    [, webhook] = await deliveries(id);
    expect(webhook).toMatchObject({ status: "DELIVERED", attempts: 3, lastError: null });
    // The email went out once, at the start.
    expect(smtp.received).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and reports the failure`, async () => {
    receiver.state.status = () => 500;
    const start = Date.now();
    const { id } = await fraud();
    for (let i = 1; i <= MAX_ATTEMPTS + 2; i++)
      await deliverPendingAlerts(t.db, deps, new Date(start + i * 2 * 60 * MINUTE));
    const [, webhook] = await deliveries(id);
    expect(webhook).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS, lastError: "HTTP 500" });
    expect(receiver.hits).toHaveLength(MAX_ATTEMPTS);
    expect(await lastAlertDelivery(t.db)).toMatchObject({ ok: false, channel: "webhook", error: "HTTP 500" });
  });

  it("never fails the caller when every channel is down, and never records the URL or secrets", async () => {
    const closed = await startReceiver();
    await closed.close(); // nothing listens on this port any more
    const down: AlertDeps = {
      ...deps,
      send: () =>
        Promise.reject(
          Object.assign(new Error("Invalid login: 535 user alerts@example.com password hunter2"), {
            code: "EAUTH",
            responseCode: 535,
          }),
        ),
      env: { ...deps.env, ALERT_WEBHOOK_URL: closed.url },
    };
    const { id } = await raiseAlert(
      t.db,
      { kind: "DISPUTE", orderId, rule: "fraudulent", message: "Dispute opened", evidence: {} },
      down,
    );
    const rows = await deliveries(id);
    expect(rows.map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ["EMAIL", "PENDING", 1],
      ["WEBHOOK", "PENDING", 1],
    ]);
    expect(rows[0]!.lastError).toBe("Error EAUTH SMTP 535");
    expect(rows[1]!.lastError).toMatch(/ECONNREFUSED/);
    for (const row of rows) {
      for (const leak of ["hunter2", "receiver-token-123", "127.0.0.1", SECRET])
        expect(row.lastError).not.toContain(leak);
    }
  });

  it("concurrent deliverPendingAlerts runs send each delivery once", async () => {
    receiver.state.status = (n) => (n === 1 ? 500 : 200);
    let failEmail = true;
    const flaky: AlertDeps = {
      ...deps,
      send: (m) => (failEmail ? ((failEmail = false), Promise.reject(new Error("down"))) : deps.send(m)),
    };
    const { id } = await fraud({ message: "race" }, flaky);
    const webhooksFor = () => receiver.hits.filter((h) => (JSON.parse(h.body) as { id: string }).id === id);
    const emailsFor = () => smtp.received.filter((m) => parseMessage(m.raw).text?.includes("race"));
    expect(webhooksFor()).toHaveLength(1);
    expect(emailsFor()).toHaveLength(0);
    const later = new Date(Date.now() + 5 * MINUTE);
    // Earlier tests left deliveries pending too; every one of them must also go out only once.
    const pending = await t.db.alertDelivery.count({ where: { status: "PENDING", nextAttemptAt: { lte: later } } });
    const runs = await Promise.all([
      deliverPendingAlerts(t.db, deps, later),
      deliverPendingAlerts(t.db, deps, later),
      deliverPendingAlerts(t.db, deps, later),
    ]);
    expect(runs.reduce((sum, r) => sum + r.delivered, 0)).toBe(pending);
    expect(webhooksFor()).toHaveLength(2);
    expect(emailsFor()).toHaveLength(1);
    expect((await deliveries(id)).map((d) => [d.status, d.attempts])).toEqual([
      ["DELIVERED", 2],
      ["DELIVERED", 2],
    ]);
  });

  it("lists alerts newest first, counts unread, and lets staff with 2FA mark one read", async () => {
    const unread = await unreadAlertCount(t.db);
    const listed = await listAlerts(t.db, { page: 1 });
    expect(listed.total).toBe(unread);
    expect(listed.rows[0]!.message).toBe("race");
    expect(listed.rows[0]!.order?.reference).toBe("ABCD-EFGH");
    const id = listed.rows[0]!.id;

    await expect(markAlertRead(t.db, null, id)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(markAlertRead(t.db, staffActor("shopper", "CUSTOMER"), id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(markAlertRead(t.db, staffActor(reviewerId, "REVIEWER", false), id)).rejects.toBeInstanceOf(AppError);
    expect(await unreadAlertCount(t.db)).toBe(unread);

    expect(await markAlertRead(t.db, staffActor(reviewerId), id)).toBe(true);
    expect(await markAlertRead(t.db, staffActor(reviewerId), id)).toBe(false);
    expect(await t.db.alert.findUniqueOrThrow({ where: { id } })).toMatchObject({
      readById: reviewerId,
      readAt: expect.any(Date) as Date,
    });
    expect(await unreadAlertCount(t.db)).toBe(unread - 1);
    const onlyUnread = await listAlerts(t.db, { page: 1, unreadOnly: true });
    expect(onlyUnread.total).toBe(unread - 1);
    expect(onlyUnread.rows.map((r) => r.id)).not.toContain(id);
    await expect(markAlertRead(t.db, staffActor(reviewerId), "no-such-alert")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
