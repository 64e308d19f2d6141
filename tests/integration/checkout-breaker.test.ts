import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, verifyAlertSignature, type AlertDeps, type AlertMessage } from "@/lib/alerts";
import { verifyAuditChain } from "@/lib/audit/log";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { createCheckoutLimits } from "@/lib/checkout/start-limits";
import { seedCatalog } from "@/lib/db/seed";
import { createLimiterStore } from "@/lib/rate-limit";
import { BREAKER_DEFAULTS, breakerOverview, evaluateBreaker } from "@/lib/shield/breaker";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { startPayments, uniqueEmail } from "../support/payments";

const SECRET = "breaker-webhook-secret-0123456789abcdef";

async function startReceiver() {
  const hits: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(providers())("decline-ratio breaker on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      return { pay: await startPayments(db) };
    },
    ({ pay }) => pay.close(),
  );
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const mail: AlertMessage[] = [];
  let deps: AlertDeps;
  let orderId: string;
  let clock = Date.parse("2030-01-01T12:00:00Z");
  const at = (offsetSec: number) => new Date(clock + offsetSec * 1000);

  beforeAll(async () => {
    receiver = await startReceiver();
    deps = {
      send: async (m) => void mail.push(m),
      fetch,
      env: {
        APP_URL: "https://shop.example.com",
        ALERT_EMAIL: "alerts@example.com",
        ALERT_WEBHOOK_URL: receiver.url,
        ALERT_WEBHOOK_SECRET: SECRET,
      },
    };
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "stoneware-mug-set" } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity: 1,
    });
    orderId = (
      await startCheckout(
        t.db,
        t.pay.stripe,
        { cartToken: token, userId: null, ip: "81.2.69.142", ipCountry: "GB", appUrl: "http://shop.test" },
        {
          email: uniqueEmail(),
          name: "Ada Lovelace",
          line1: "1 Analytical Way",
          city: "London",
          postalCode: "N1 9GU",
          country: "GB",
        },
      )
    ).orderId;
  });
  afterAll(() => receiver.close());

  let attemptCounter = 0;
  const attempts = async (outcome: string, count: number, when: Date) => {
    for (let i = 0; i < count; i++) {
      const key = `ch_breaker_${++attemptCounter}`;
      await t.db.paymentAttempt.create({
        data: {
          attemptKey: key,
          paymentIntentId: `pi_${key}`,
          orderId,
          emailNormalized: "bot@example.com",
          outcome,
          declineCode: outcome === "DECLINED" ? "card_declined" : null,
          attemptedAt: when,
        },
      });
    }
  };

  it("stays closed below the ratio, whatever the store's size", async () => {
    await attempts("AUTHORIZED", 14, at(0));
    await attempts("DECLINED", 6, at(1)); // 6 of 20: exactly 30%, not more
    await attempts("CANCELED", 10, at(2)); // abandoned checkouts are not card attempts
    const state = await evaluateBreaker(t.db, { now: at(3), alertDeps: deps });
    expect(state).toMatchObject({ open: false, attempts: 20, declines: 6, changed: null });
  });

  it("opens past the ratio, once, alerting staff on every channel and auditing the change", async () => {
    await attempts("DECLINED", 1, at(10)); // now 7 of the last 20
    const opened = await Promise.all([
      evaluateBreaker(t.db, { now: at(11), alertDeps: deps }),
      evaluateBreaker(t.db, { now: at(11), alertDeps: deps }),
    ]);
    expect(opened.map((s) => s.open)).toEqual([true, true]);
    expect(opened.filter((s) => s.changed === "opened")).toHaveLength(1);

    const alerts = await t.db.alert.findMany({ where: { kind: "CARD_TESTING" }, include: { deliveries: true } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toMatch(/7 of the store's last 20 card attempts within 15 minutes were declined/);
    expect(alerts[0]!.deliveries.map((d) => [d.channel, d.status]).sort()).toEqual([
      ["EMAIL", "DELIVERED"],
      ["WEBHOOK", "DELIVERED"],
    ]);
    expect(mail.map((m) => m.subject)).toEqual(["[Checkout shield] checkout breaker opened"]);
    expect(receiver.hits).toHaveLength(1);
    expect(
      verifyAlertSignature(
        SECRET,
        receiver.hits[0]!.body,
        receiver.hits[0]!.headers[SIGNATURE_HEADER.toLowerCase()] as string,
      ),
    ).toBeTruthy();

    const audit = await t.db.auditLog.findMany({ where: { action: { startsWith: "checkout.breaker." } } });
    expect(audit.map((a) => a.action)).toEqual(["checkout.breaker.open"]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ attempts: 20, declines: 7, sample: 20 });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("makes checkout stricter while open", async () => {
    const limits = createCheckoutLimits(createLimiterStore({ keyPrefix: "breaker" }));
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "stoneware-mug-set" } });
    const start = async (breakerOpen: () => Promise<boolean>) => {
      const { token } = await addToCart(t.db, undefined, {
        requestKey: newRequestKey(),
        productId: product.id,
        quantity: 1,
      });
      return startCheckout(
        t.db,
        t.pay.stripe,
        {
          cartToken: token,
          userId: null,
          ip: "203.0.113.50",
          ipCountry: "GB",
          appUrl: "http://shop.test",
          limits,
          breakerOpen,
        },
        {
          email: uniqueEmail(),
          name: "Ada Lovelace",
          line1: "1 Analytical Way",
          city: "London",
          postalCode: "N1 9GU",
          country: "GB",
        },
      );
    };
    const open = async () => (await evaluateBreaker(t.db, { now: at(12), alertDeps: deps })).open;
    for (let i = 0; i < 4; i++) await start(open);
    await expect(start(open)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // The same address is still within the normal limits once the breaker is closed.
    await start(async () => false);
  });

  it("stays open for its minimum time, then closes by itself once declines age out", async () => {
    const early = await evaluateBreaker(t.db, { now: at(11 + BREAKER_DEFAULTS.minOpenSec - 1), alertDeps: deps });
    expect(early).toMatchObject({ open: true, changed: null });
    // Still open while the declines are within the window, even past the minimum time.
    expect(await evaluateBreaker(t.db, { now: at(11 + BREAKER_DEFAULTS.minOpenSec), alertDeps: deps })).toMatchObject({
      open: true,
      changed: null,
    });
    const later = at(10 + BREAKER_DEFAULTS.windowSec + 1);
    const closed = await evaluateBreaker(t.db, { now: later, alertDeps: deps });
    expect(closed).toMatchObject({ open: false, changed: "closed", declines: 0 });
    expect(mail.map((m) => m.subject)).toEqual([
      "[Checkout shield] checkout breaker opened",
      "[Checkout shield] checkout breaker closed",
    ]);

    const overview = await breakerOverview(t.db);
    expect(overview.open).toBe(false);
    expect(overview.history.map((h) => [h.action, h.declines])).toEqual([
      ["closed", 0],
      ["opened", 7],
    ]);
  });

  it("closes as soon as declines fall to the close ratio after the minimum time", async () => {
    clock += 24 * 3600 * 1000;
    await attempts("DECLINED", 8, at(0));
    expect(await evaluateBreaker(t.db, { now: at(1), alertDeps: deps })).toMatchObject({
      open: true,
      changed: "opened",
    });
    await attempts("AUTHORIZED", 17, at(2)); // the last 20: 3 declines, 17 authorized
    expect(await evaluateBreaker(t.db, { now: at(3 + BREAKER_DEFAULTS.minOpenSec), alertDeps: deps })).toMatchObject({
      open: false,
      changed: "closed",
      attempts: 20,
      declines: 3,
    });
  });
});
