import { describe, expect, it } from "vitest";
import { purgeExpiredPersonalData } from "@/lib/privacy/retention";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { createCustomer, privacyTestDeps } from "./privacy-helpers";

const DAY = 86_400_000;
const periods = { signInEventsDays: 90, clientAddressDays: 365, outboxDays: 30 };

describe.each(providers())("retention sweep on %s", (provider) => {
  const t = databaseSuite(provider);

  it("purges sign-in events, client addresses and outbox emails past their periods, and nothing younger", async () => {
    const now = new Date("2027-06-01T00:00:00Z");
    const deps = privacyTestDeps(t.db);
    const old = await createCustomer(t.db, deps, "old");
    const recent = await createCustomer(t.db, deps, "recent");
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    // The old customer's records are just past each period; the recent one's just inside.
    await t.db.authEvent.updateMany({ where: { userId: old.actor.id }, data: { createdAt: ago(91) } });
    await t.db.authEvent.updateMany({ where: { userId: recent.actor.id }, data: { createdAt: ago(89) } });
    await t.db.order.update({ where: { id: old.orderId }, data: { createdAt: ago(366) } });
    await t.db.order.update({ where: { id: recent.orderId }, data: { createdAt: ago(364) } });
    await t.db.paymentAttempt.updateMany({ where: { orderId: old.orderId }, data: { attemptedAt: ago(366) } });
    await t.db.paymentAttempt.updateMany({ where: { orderId: recent.orderId }, data: { attemptedAt: ago(364) } });
    await t.db.userSession.updateMany({ where: { userId: old.actor.id }, data: { lastSeenAt: ago(366) } });
    await t.db.userSession.updateMany({ where: { userId: recent.actor.id }, data: { lastSeenAt: ago(364) } });
    await t.db.outboxEmail.updateMany({ where: { to: old.personal.email }, data: { createdAt: ago(31) } });
    await t.db.outboxEmail.updateMany({ where: { to: recent.personal.email }, data: { createdAt: ago(29) } });
    await t.db.erasedIdentity.createMany({
      data: [
        { kind: "EMAIL", keyedHash: "a".repeat(64), expiresAt: ago(1) },
        { kind: "EMAIL", keyedHash: "b".repeat(64), expiresAt: new Date(now.getTime() + DAY) },
      ],
    });

    const result = await purgeExpiredPersonalData(t.db, periods, now);
    expect(result).toEqual({
      signInEvents: 1,
      orderAddresses: 1,
      attemptAddresses: 1,
      sessionAddresses: 1,
      outboxEmails: 1,
      erasedIdentities: 1,
    });

    expect(await t.db.authEvent.count({ where: { userId: old.actor.id } })).toBe(0);
    expect(await t.db.authEvent.count({ where: { userId: recent.actor.id } })).toBe(1);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: old.orderId } })).ip).toBeNull();
    expect((await t.db.order.findUniqueOrThrow({ where: { id: recent.orderId } })).ip).toBe(recent.personal.ip);
    expect((await t.db.paymentAttempt.findFirstOrThrow({ where: { orderId: old.orderId } })).ip).toBeNull();
    expect((await t.db.paymentAttempt.findFirstOrThrow({ where: { orderId: recent.orderId } })).ip).toBe(
      recent.personal.ip,
    );
    expect(await t.db.userSession.findFirstOrThrow({ where: { userId: old.actor.id } })).toMatchObject({
      ip: null,
      userAgent: null,
    });
    expect(await t.db.userSession.findFirstOrThrow({ where: { userId: recent.actor.id } })).toMatchObject({
      ip: recent.personal.ip,
      userAgent: recent.personal.userAgent,
    });
    expect(await t.db.outboxEmail.count({ where: { to: old.personal.email } })).toBe(0);
    expect(await t.db.outboxEmail.count({ where: { to: recent.personal.email } })).toBe(1);
    expect((await t.db.erasedIdentity.findMany({ select: { keyedHash: true } })).map((r) => r.keyedHash)).toEqual([
      "b".repeat(64),
    ]);
    // The order itself (amounts, reference) stays; a second pass finds nothing.
    expect((await t.db.order.findUniqueOrThrow({ where: { id: old.orderId } })).totalCents).toBe(5_500);
    expect(await purgeExpiredPersonalData(t.db, periods, now)).toEqual({
      signInEvents: 0,
      orderAddresses: 0,
      attemptAddresses: 0,
      sessionAddresses: 0,
      outboxEmails: 0,
      erasedIdentities: 0,
    });
  });
});
