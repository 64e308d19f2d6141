import { describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { addBlock, isBlocked, listBlocks, normalizeBlockValue, removeBlock } from "@/lib/fraud/blocklist";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { alertOnly, payOnHostedPage, startPayments, testCard, uniqueCard, uniqueEmail } from "../support/payments";
import { createStaff, testKeyring } from "./admin-helpers";

const address = {
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "London",
  postalCode: "N1 9GU",
  country: "GB",
};

describe.each(providers())("block lists on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      const keyring = testKeyring();
      // The test payments come from a made-up shopper the fraud rules would hold; this suite is about block lists.
      await alertOnly(db);
      return {
        pay: await startPayments(db),
        reviewer: await createStaff(db, keyring, "REVIEWER"),
        customer: await db.user.create({
          data: { email: "c@example.com", name: "C", passwordHash: "x", role: "CUSTOMER" },
        }),
        noTwoFactor: await createStaff(db, keyring, "ADMIN", { twoFactor: false }),
      };
    },
    ({ pay }) => pay.close(),
  );
  const product = () => t.db.product.findUniqueOrThrow({ where: { slug: "stoneware-mug-set" } });
  const start = async (email: string, ip = "81.2.69.142") => {
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: (await product()).id,
      quantity: 1,
    });
    return startCheckout(
      t.db,
      t.pay.stripe,
      { cartToken: token, userId: null, ip, ipCountry: "GB", appUrl: "http://shop.test" },
      { ...address, email },
    );
  };
  const staff = () => t.reviewer.actor;

  it("normalizes and validates values", () => {
    expect(normalizeBlockValue("EMAIL", " Card.Tester+x@GMail.com ")).toBe("cardtester@gmail.com");
    expect(normalizeBlockValue("NETWORK", "203.0.113.7")).toBe("203.0.113.7/32");
    expect(normalizeBlockValue("NETWORK", "2001:DB8::/48")).toBe("2001:db8::/48");
    expect(normalizeBlockValue("BIN", "424242")).toBe("424242");
    for (const [kind, value] of [
      ["NETWORK", "10.0.0.1/8"],
      ["NETWORK", "nope"],
      ["BIN", "4242"],
      ["EMAIL", "x"],
      ["CARD", "<script>"],
    ] as const) {
      expect(() => normalizeBlockValue(kind, value)).toThrow(AppError);
    }
  });

  it("only staff with 2FA may add, remove or list, and a reason is required", async () => {
    const entry = { kind: "EMAIL" as const, value: "someone@example.com", reason: "card testing" };
    await expect(addBlock(t.db, null, entry)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(
      addBlock(
        t.db,
        {
          id: t.customer.id,
          email: "c@example.com",
          name: "C",
          role: "CUSTOMER",
          sessionId: "s",
          twoFactorEnabled: true,
          authMethod: null,
          passkeyRequired: false,
        },
        entry,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addBlock(t.db, t.noTwoFactor.actor, entry)).rejects.toThrow();
    await expect(addBlock(t.db, staff(), { ...entry, reason: " " })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(addBlock(t.db, staff(), { ...entry, expiresAt: new Date(Date.now() - 1000) })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(listBlocks(t.db, null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await t.db.blockEntry.count()).toBe(0);
  });

  it("refuses a blocked email (any variant) at checkout start, creating nothing, and audits the hit", async () => {
    const entry = await addBlock(
      t.db,
      staff(),
      { kind: "EMAIL", value: "Fraud.Ster@gmail.com", reason: "chargebacks" },
      { ip: "10.1.1.1" },
    );
    const [orders, stock] = [await t.db.order.count(), (await product()).stock];
    const error = await start("fraudster+new@googlemail.com").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      "We cannot take this order online. Please contact us if you think this is a mistake.",
    );
    expect(await t.db.order.count()).toBe(orders);
    expect((await product()).stock).toBe(stock);
    expect(await t.db.blockEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ hits: 1 });
    const audit = await t.db.auditLog.findMany({ where: { target: `block:${entry.id}` }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["blocklist.add", "blocklist.hit"]);
    expect(audit[0]).toMatchObject({ actorEmail: staff().email, ip: "10.1.1.1" });

    await removeBlock(t.db, staff(), entry.id);
    await start("fraudster@gmail.com");
    expect((await t.db.auditLog.findMany({ where: { target: `block:${entry.id}` } })).map((a) => a.action)).toContain(
      "blocklist.remove",
    );
    expect((await listBlocks(t.db, staff())).map((e) => e.id)).not.toContain(entry.id);
    expect((await listBlocks(t.db, staff(), { includeInactive: true })).map((e) => e.id)).toContain(entry.id);
  });

  it("refuses a blocked network, IPv4 and IPv6, and lets an expired entry lapse", async () => {
    await addBlock(t.db, staff(), { kind: "NETWORK", value: "198.51.100.0/24", reason: "bot hosting" });
    await addBlock(t.db, staff(), { kind: "NETWORK", value: "2001:db8:9::/48", reason: "bot hosting" });
    await expect(start(uniqueEmail(), "198.51.100.77")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(start(uniqueEmail(), "::ffff:198.51.100.78")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(start(uniqueEmail(), "2001:db8:9:abcd::1")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await start(uniqueEmail(), "198.51.101.1");
    await start(uniqueEmail(), "2001:db8:a::1");

    const soon = await addBlock(t.db, staff(), {
      kind: "EMAIL",
      value: "later@example.com",
      reason: "for a day",
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await isBlocked(t.db, { email: "later@example.com" })).toMatchObject({ id: soon.id });
    expect(await isBlocked(t.db, { email: "later@example.com" }, new Date(Date.now() + 120_000))).toBeNull();
  });

  it("matches a BIN by its first 6 to 8 digits", async () => {
    await addBlock(t.db, staff(), { kind: "BIN", value: "4000056", reason: "stolen range" });
    expect(await isBlocked(t.db, { bin: "40000566" })).toMatchObject({ kind: "BIN", value: "4000056" });
    expect(await isBlocked(t.db, { bin: "400005" })).toBeNull();
  });

  it("refuses a blocked card at authorization: authorization canceled, stock returned, neutral status", async () => {
    const card = uniqueCard();
    const first = await start(uniqueEmail());
    await payOnHostedPage(first.redirectUrl, testCard(card));
    await t.pay.settle();
    const paid = await t.db.order.findUniqueOrThrow({ where: { id: first.orderId }, include: { payment: true } });
    expect(paid.status).toBe("PAID");
    const entry = await addBlock(t.db, staff(), {
      kind: "CARD",
      value: paid.payment!.cardFingerprint!,
      reason: "reported stolen",
    });

    const stock = (await product()).stock;
    const second = await start(uniqueEmail());
    expect((await product()).stock).toBe(stock - 1);
    await payOnHostedPage(second.redirectUrl, testCard(card));
    await t.pay.settle();
    const refused = await t.db.order.findUniqueOrThrow({ where: { id: second.orderId }, include: { payment: true } });
    expect(refused.status).toBe("CANCELLED");
    expect((await product()).stock).toBe(stock);
    const pi = await t.pay.stripe.paymentIntents.retrieve(refused.paymentIntentId!);
    expect(pi.status).toBe("canceled");
    expect(await t.db.blockEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ hits: 1 });
    expect(await t.db.auditLog.count({ where: { action: "blocklist.hit", target: `block:${entry.id}` } })).toBe(1);
    expect(t.pay.events.log.filter((e) => e.orderId === second.orderId)).toEqual([]);
  });
});
