import { readFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertDeps, AlertMessage } from "@/lib/alerts";
import { verifyAuditChain } from "@/lib/audit/log";
import { seedCatalog } from "@/lib/db/seed";
import { sweepAuthorizations, type SweepDeps } from "@/lib/orders/sweep";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { API_KEY, startPayments, type PaymentHarness } from "../support/payments";
import { heldOrder } from "./admin-helpers";

const run = promisify(execFile);
const HOUR = 3_600_000;
const DAY_S = 24 * 3600;

describe.each(providers())("authorization sweep on %s", (provider) => {
  let t: TestDatabase;
  let pay: PaymentHarness;
  let customerId: string;
  const mail: AlertMessage[] = [];
  const told: string[] = [];
  let deps: SweepDeps;

  const held = (slug = "insulated-bottle", quantity = 1) => heldOrder(t.db, pay, customerId, slug, quantity);
  const reload = (id: string) =>
    t.db.order.findUniqueOrThrow({
      where: { id },
      include: { decisions: true, payment: true, alerts: { include: { deliveries: true } } },
    });
  const intent = (id: string) => pay.stripe.paymentIntents.retrieve(id);
  const stock = async (slug: string) => (await t.db.product.findUniqueOrThrow({ where: { slug } })).stock;
  const snapshot = async () => ({
    orders: await t.db.order.findMany({
      orderBy: { id: "asc" },
      select: { id: true, status: true, expiryWarnedAt: true, stockReleased: true },
    }),
    products: await t.db.product.findMany({ orderBy: { id: "asc" }, select: { id: true, stock: true } }),
    decisions: await t.db.orderDecision.count(),
    alerts: await t.db.alert.count(),
    audit: await t.db.auditLog.count(),
    mail: mail.length,
    told: told.length,
  });

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    pay = await startPayments(t.db);
    customerId = (
      await t.db.user.create({
        data: { email: "lin@example.com", name: "Lin Chen", passwordHash: "x", signupCountry: "US" },
      })
    ).id;
    const alerts: AlertDeps = {
      send: async (m) => void mail.push(m),
      fetch: () => Promise.reject(new Error("no webhook is configured in this test")),
      env: { APP_URL: "https://shop.example.com", ALERT_EMAIL: "alerts@example.com" },
    };
    deps = { alerts, notifyCancelled: async (_db, orderId) => void told.push(orderId) };
  });
  afterAll(async () => {
    await pay.close();
    await t.drop();
  });

  it("warns staff once, a day before a held order's authorization lapses", async () => {
    const order = await held();
    const deadline = order.captureBefore!;
    // The deadline is the provider's: 7 days after authorization.
    expect((await intent(order.paymentIntentId!)).latest_charge).toBeTruthy();
    expect(Math.abs(deadline.getTime() - (Date.now() + 7 * 24 * HOUR))).toBeLessThan(HOUR);

    expect(await sweepAuthorizations(t.db, pay.stripe, new Date(deadline.getTime() - 25 * HOUR), deps)).toEqual({
      warned: 0,
      expired: 0,
      cancelFailed: 0,
      errors: 0,
    });
    expect((await reload(order.id)).expiryWarnedAt).toBeNull();

    const at = new Date(deadline.getTime() - 23 * HOUR);
    expect(await sweepAuthorizations(t.db, pay.stripe, at, deps)).toMatchObject({ warned: 1, expired: 0 });
    const warned = await reload(order.id);
    expect(warned).toMatchObject({ status: "HELD", expiryWarnedAt: at });
    expect(warned.alerts.map((a) => a.kind)).toEqual(["AUTHORIZATION_EXPIRING"]);
    expect(warned.alerts[0]!.deliveries).toEqual([expect.objectContaining({ channel: "EMAIL", status: "DELIVERED" })]);
    expect(mail.map((m) => [m.to, m.subject])).toEqual([
      ["alerts@example.com", `[Authorization alert] Order ${order.reference}: authorization expires soon`],
    ]);
    expect(mail[0]!.text).toContain(`https://shop.example.com/admin/orders/${order.id}`);

    // Later sweeps before the deadline do not warn again.
    expect(await sweepAuthorizations(t.db, pay.stripe, new Date(deadline.getTime() - 2 * HOUR), deps)).toMatchObject({
      warned: 0,
      expired: 0,
    });
    expect((await reload(order.id)).alerts).toHaveLength(1);
    expect(mail).toHaveLength(1);
    expect((await intent(order.paymentIntentId!)).status).toBe("requires_capture");
  });

  it("at the deadline cancels the authorization, restocks, cancels the order, records the decision, alerts staff and tells the customer", async () => {
    const [order] = await t.db.order.findMany({ where: { status: "HELD" } });
    const item = await t.db.orderItem.findFirstOrThrow({ where: { orderId: order!.id }, include: { product: true } });
    const before = item.product.stock;

    const result = await sweepAuthorizations(t.db, pay.stripe, new Date(order!.captureBefore!.getTime() + 1000), deps);
    expect(result).toEqual({ warned: 0, expired: 1, cancelFailed: 0, errors: 0 });

    const after = await reload(order!.id);
    expect(after).toMatchObject({ status: "CANCELLED", stockReleased: true });
    expect(after.payment?.status).toBe("canceled");
    expect(await stock(item.product.slug)).toBe(before + item.quantity);
    expect((await intent(order!.paymentIntentId!)).status).toBe("canceled");
    expect(after.decisions).toEqual([
      expect.objectContaining({
        decision: "EXPIRE",
        note: "Authorization lapsed before a decision",
        outcome: "APPLIED",
        staffId: null,
        error: null,
      }),
    ]);
    expect(after.alerts.map((a) => a.kind).sort()).toEqual(["AUTHORIZATION_EXPIRED", "AUTHORIZATION_EXPIRING"]);
    expect(mail.at(-1)?.subject).toBe(
      `[Authorization alert] Order ${order!.reference}: authorization lapsed, order cancelled`,
    );
    expect(told).toEqual([order!.id]);
    const [audit] = await t.db.auditLog.findMany({ where: { action: "order.expired", target: `order:${order!.id}` } });
    expect(audit).toMatchObject({ actorId: null, actorEmail: null });
    expect(JSON.parse(audit!.detail)).toMatchObject({ reference: order!.reference, outcome: "APPLIED" });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    // The provider's own cancellation event arrives later and changes nothing.
    await pay.settle();
    expect((await reload(order!.id)).status).toBe("CANCELLED");
    expect(await stock(item.product.slug)).toBe(before + item.quantity);
  });

  it("running the sweep again, even twice at once, changes nothing more", async () => {
    const before = await snapshot();
    const far = new Date(Date.now() + 30 * 24 * HOUR);
    const results = await Promise.all([
      sweepAuthorizations(t.db, pay.stripe, far, deps),
      sweepAuthorizations(t.db, pay.stripe, far, deps),
    ]);
    expect(results).toEqual([
      { warned: 0, expired: 0, cancelFailed: 0, errors: 0 },
      { warned: 0, expired: 0, cancelFailed: 0, errors: 0 },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("two sweeps racing over a lapsed order expire it once", async () => {
    const order = await held("linen-tea-towels", 2);
    const before = await stock("linen-tea-towels");
    const now = new Date(order.captureBefore!.getTime() + 1000);
    const [a, b] = await Promise.all([
      sweepAuthorizations(t.db, pay.stripe, now, deps),
      sweepAuthorizations(t.db, pay.stripe, now, deps),
    ]);
    expect(a.expired + b.expired).toBe(1);
    const after = await reload(order.id);
    expect(after.decisions).toHaveLength(1);
    expect(after.alerts.filter((x) => x.kind === "AUTHORIZATION_EXPIRED")).toHaveLength(1);
    expect(await stock("linen-tea-towels")).toBe(before + 2);
    expect(told.filter((id) => id === order.id)).toHaveLength(1);
    expect(await t.db.auditLog.count({ where: { action: "order.expired", target: `order:${order.id}` } })).toBe(1);
  });

  it("records a cancel the provider refuses as a FAILED decision and says so in the alert", async () => {
    const order = await held();
    // Out of band, the authorization was captured at the provider: it can no longer be canceled.
    await pay.stripe.paymentIntents.capture(order.paymentIntentId!);
    expect(
      await sweepAuthorizations(t.db, pay.stripe, new Date(order.captureBefore!.getTime() + 1000), deps),
    ).toMatchObject({ expired: 1, cancelFailed: 1, errors: 0 });
    const after = await reload(order.id);
    expect(after.decisions).toEqual([
      expect.objectContaining({
        decision: "EXPIRE",
        outcome: "FAILED",
        error: expect.stringMatching(/status of succeeded/) as string,
      }),
    ]);
    const expired = after.alerts.find((a) => a.kind === "AUTHORIZATION_EXPIRED");
    expect(expired?.message).toMatch(/Cancelling the authorization failed/);
  });

  it("leaves orders that are not HELD alone, however late it is", async () => {
    const deciding = await held();
    await t.db.order.update({ where: { id: deciding.id }, data: { status: "APPROVING" } }); // a staff approval in flight
    const paid = await held("linen-tea-towels", 1);
    await t.db.order.update({ where: { id: paid.id }, data: { status: "PAID" } });
    const before = await snapshot();
    expect(await sweepAuthorizations(t.db, pay.stripe, new Date(paid.captureBefore!.getTime() + 1000), deps)).toEqual({
      warned: 0,
      expired: 0,
      cancelFailed: 0,
      errors: 0,
    });
    expect(await snapshot()).toEqual(before);
    for (const o of [deciding, paid]) expect((await intent(o.paymentIntentId!)).status).toBe("requires_capture");
  });

  // Only what the jobs use: no AUTH_SECRET, DATA_ENCRYPTION_KEYS, STRIPE_WEBHOOK_SECRET or REDIS_URL
  // (the audit key signs what the jobs append).
  const sweepEnv = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "test",
    DATABASE_URL: t.url,
    APP_URL: "https://shop.example.com",
    STRIPE_SECRET_KEY: API_KEY,
    STRIPE_API_URL: `http://127.0.0.1:${pay.emulator.port}`,
    ALERT_EMAIL: "alerts@example.com",
    AUDIT_HMAC_KEYS: `1:${Buffer.from("sweep-test-audit-key-0123456789a").toString("base64")}`,
  });
  // Exactly what `npm run sweep` runs (package.json), so the test follows the script's flags.
  const sweepScript = (
    JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { sweep: string } }
  ).scripts.sweep.split(" ");

  it("npm run sweep runs from cron with only the database, the provider key and mail settings, expiring a lapsed order", async () => {
    const order = await held();
    await t.db.order.update({ where: { id: order.id }, data: { captureBefore: new Date(Date.now() - 60_000) } });
    // Retention runs in the same pass, with the sweep's own settings: a 2-day-old sign-in event
    // goes under RETENTION_SIGN_IN_EVENTS_DAYS=1, a fresh one stays.
    const stale = await t.db.authEvent.create({
      data: { type: "SIGN_IN_FAILURE", ip: "192.0.2.7", createdAt: new Date(Date.now() - 2 * 86_400_000) },
    });
    const fresh = await t.db.authEvent.create({ data: { type: "SIGN_IN_FAILURE", ip: "192.0.2.8" } });
    // No SMTP: the outbox table, which the test reads.
    const { stdout } = await run("npx", sweepScript, { env: { ...sweepEnv(), RETENTION_SIGN_IN_EVENTS_DAYS: "1" } });
    expect(stdout).toMatch(/retention: [1-9]\d* sign-in events deleted/);
    expect(await t.db.authEvent.count({ where: { id: { in: [stale.id, fresh.id] } } })).toBe(1);
    expect(await t.db.authEvent.count({ where: { id: fresh.id } })).toBe(1);
    expect(stdout).toMatch(/held orders: 0 warned, 1 expired \(0 cancel failed\), 0 error\(s\)/);
    expect(stdout).toMatch(/pending checkouts: 0 expired, 0 paid and awaiting their webhook, 0 error\(s\)/);
    expect((await reload(order.id)).status).toBe("CANCELLED");
    expect((await intent(order.paymentIntentId!)).status).toBe("canceled");
    const outbox = await t.db.outboxEmail.findMany({ orderBy: { createdAt: "asc" } });
    expect(outbox.map((m) => [m.to, m.subject])).toEqual([
      ["alerts@example.com", `[Authorization alert] Order ${order.reference}: authorization lapsed, order cancelled`],
      ["lin@example.com", `Order ${order.reference} cancelled`],
    ]);
    // The customer's link uses the sweep's APP_URL.
    expect(outbox[1]!.text).toContain(`https://shop.example.com/orders/${order.id}`);
  });

  it("npm run sweep refuses a missing provider key with the setting's name and its usage, and changes nothing", async () => {
    const before = await snapshot();
    const env = sweepEnv();
    delete env.STRIPE_SECRET_KEY;
    const failed = await run("npx", sweepScript, { env }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain("STRIPE_SECRET_KEY is required");
    expect(failed?.stderr).toContain("usage: npm run sweep");
    expect(failed?.stderr).not.toMatch(
      /AUTH_SECRET is required|DATA_ENCRYPTION_KEYS is required|STRIPE_WEBHOOK_SECRET/,
    );
    expect(await snapshot()).toEqual(before);
    const help = await run("npx", [...sweepScript, "--help"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test" },
    });
    expect(help.stdout).toMatch(/required {2}DATABASE_URL/);
  });

  it("treats an authorization the provider already let lapse as cancelled", async () => {
    const order = await held();
    // The emulator's clock passes the capture deadline: it cancels the authorization itself.
    // (Last in the file: new checkouts would now disagree with the emulator about the time.)
    pay.emulator.clock.advance(8 * DAY_S);
    await pay.settle();
    const pi = await intent(order.paymentIntentId!);
    expect(pi).toMatchObject({ status: "canceled", cancellation_reason: "automatic" });
    // The provider's cancel event leaves a held order to the sweep.
    expect((await reload(order.id)).status).toBe("HELD");

    expect(
      await sweepAuthorizations(t.db, pay.stripe, new Date(order.captureBefore!.getTime() + 1000), deps),
    ).toMatchObject({ expired: 1, cancelFailed: 0 });
    const after = await reload(order.id);
    expect(after.status).toBe("CANCELLED");
    expect(after.decisions).toEqual([expect.objectContaining({ decision: "EXPIRE", outcome: "APPLIED" })]);
  });
});
