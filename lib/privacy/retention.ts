import "server-only";
import type { Db } from "@/lib/db";

// Storage limitation (GDPR article 5(1)(e)): personal data kept no longer than its purpose
// needs. The sweep (in-server scheduler and `npm run sweep`) deletes sign-in events older than
// RETENTION_SIGN_IN_EVENTS_DAYS, blanks client IP addresses and user agents on orders, payment
// attempts and sessions older than RETENTION_CLIENT_ADDRESS_DAYS (the fraud rules look back far
// less than that), deletes development outbox emails older than RETENTION_OUTBOX_DAYS, and drops
// a deleted customer's keyed identifier hashes once they expire (FRAUD_MEMORY_DAYS, set when the
// account was deleted). docs/privacy.md lists every kind of data and how long it is kept.

export type RetentionPeriods = { signInEventsDays: number; clientAddressDays: number; outboxDays: number };

export type RetentionResult = {
  signInEvents: number;
  orderAddresses: number;
  attemptAddresses: number;
  sessionAddresses: number;
  outboxEmails: number;
  erasedIdentities: number;
};

const DAY_MS = 86_400_000;

export function retentionPeriods(config: {
  RETENTION_SIGN_IN_EVENTS_DAYS: number;
  RETENTION_CLIENT_ADDRESS_DAYS: number;
  RETENTION_OUTBOX_DAYS: number;
}): RetentionPeriods {
  return {
    signInEventsDays: config.RETENTION_SIGN_IN_EVENTS_DAYS,
    clientAddressDays: config.RETENTION_CLIENT_ADDRESS_DAYS,
    outboxDays: config.RETENTION_OUTBOX_DAYS,
  };
}

export async function purgeExpiredPersonalData(
  db: Db,
  periods: RetentionPeriods,
  now = new Date(),
): Promise<RetentionResult> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const addressCutoff = before(periods.clientAddressDays);

  const signInEvents = await db.authEvent.deleteMany({
    where: { createdAt: { lt: before(periods.signInEventsDays) } },
  });
  const orderAddresses = await db.order.updateMany({
    where: { createdAt: { lt: addressCutoff }, ip: { not: null } },
    data: { ip: null },
  });
  const attemptAddresses = await db.paymentAttempt.updateMany({
    where: { attemptedAt: { lt: addressCutoff }, ip: { not: null } },
    data: { ip: null },
  });
  // A session is judged by when it was last used: a live one keeps its address.
  const sessionAddresses = await db.userSession.updateMany({
    where: { lastSeenAt: { lt: addressCutoff }, OR: [{ ip: { not: null } }, { userAgent: { not: null } }] },
    data: { ip: null, userAgent: null },
  });
  const outboxEmails = await db.outboxEmail.deleteMany({ where: { createdAt: { lt: before(periods.outboxDays) } } });
  const erasedIdentities = await db.erasedIdentity.deleteMany({ where: { expiresAt: { lte: now } } });
  return {
    signInEvents: signInEvents.count,
    orderAddresses: orderAddresses.count,
    attemptAddresses: attemptAddresses.count,
    sessionAddresses: sessionAddresses.count,
    outboxEmails: outboxEmails.count,
    erasedIdentities: erasedIdentities.count,
  };
}

export function describeRetention(r: RetentionResult): string {
  return `retention: ${r.signInEvents} sign-in events deleted; client addresses blanked on ${r.orderAddresses} orders, ${r.attemptAddresses} payment attempts, ${r.sessionAddresses} sessions; ${r.outboxEmails} outbox emails deleted; ${r.erasedIdentities} expired fraud-memory hashes deleted`;
}
