import "server-only";
import { appendAudit } from "@/lib/audit/log";
import type { Actor } from "@/lib/auth/authorize";
import type { RequestContext } from "@/lib/auth/deps";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { normalizeEmail } from "@/lib/fraud/normalize";
import { OPEN_DISPUTE_STATUSES } from "@/lib/payments/dispute-status";
import type { OrderStatus } from "@/lib/orders/status";
import { confirmAccountPassword } from "./confirm";
import type { PrivacyDeps } from "./deps";
import { rememberErased, type ErasedKind } from "./fraud-memory";
import { scrubText } from "./scrub";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "privacy" });

// GDPR article 17: deleting an account. The User row goes (and with it, by cascade, sessions,
// passkeys, the TOTP secret, recovery codes, known devices and sign-in steps); sign-in events go.
// Orders stay, because accounting law requires their amounts, dates, references and lines, but
// every personal value on them is replaced: email, shipping name, address and phone, client IP,
// cardholder name, billing details, card fingerprints. Free text that quoted those values (fraud
// evidence, alerts, staff notes, outbox emails) has them blanked. The fraud rules keep only keyed
// hashes of the email and card fingerprints (./fraud-memory.ts). Refused while an order is still
// being decided on or disputed: staff and the bank need the details until that is settled.

const ERASED = "[erased]";
const ERASED_EMAIL = "erased@deleted.invalid";

const IN_PROGRESS: readonly OrderStatus[] = ["HELD", "APPROVING", "REJECTING", "AUTHORIZING"];
export const BUSY_ORDER =
  "Your account cannot be deleted while an order is being reviewed or paid, or its payment is disputed. Please try again once it is settled, or contact us.";
export const LAST_ADMIN_DELETE =
  "You are the store's only admin: make someone else an admin before deleting your account.";

export async function deleteAccount(
  deps: PrivacyDeps,
  _ctx: RequestContext,
  actor: Actor,
  input: unknown,
): Promise<void> {
  const user = await confirmAccountPassword(deps, actor, input);
  const now = deps.now();
  await inTransaction(
    deps.db,
    async (tx) => {
      const orders = await tx.order.findMany({
        where: { userId: user.id },
        select: {
          id: true,
          status: true,
          email: true,
          ip: true,
          shippingName: true,
          shippingLine1: true,
          shippingLine2: true,
          shippingCity: true,
          shippingPostal: true,
          shippingPhone: true,
          disputes: { where: { status: { in: [...OPEN_DISPUTE_STATUSES] } }, select: { id: true } },
          payment: {
            select: {
              cardFingerprint: true,
              cardholderName: true,
              billingEmail: true,
              billingPhone: true,
              billingLine1: true,
              billingLine2: true,
              billingCity: true,
              billingPostal: true,
            },
          },
        },
      });
      if (orders.some((o) => (IN_PROGRESS as readonly string[]).includes(o.status) || o.disputes.length > 0))
        throw new AppError("CONFLICT", BUSY_ORDER);
      // Counted inside a serializable transaction, like a role change: two admins deleting
      // themselves at once cannot both see another admin left.
      if (user.role === "ADMIN" && (await tx.user.count({ where: { role: "ADMIN", id: { not: user.id } } })) === 0)
        throw new AppError("CONFLICT", LAST_ADMIN_DELETE);

      const orderIds = orders.map((o) => o.id);
      const attempts = await tx.paymentAttempt.findMany({
        where: { OR: [{ userId: user.id }, { orderId: { in: orderIds } }] },
        select: { emailNormalized: true, cardFingerprint: true, ip: true },
      });
      const full = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { phone: true, signupIp: true } });
      const sessions = await tx.userSession.findMany({
        where: { userId: user.id },
        select: { ip: true, userAgent: true },
      });
      const events = await tx.authEvent.findMany({ where: { userId: user.id }, select: { ip: true } });

      const emails = new Set([
        user.email,
        ...orders.map((o) => o.email),
        ...orders.map((o) => o.payment?.billingEmail ?? ""),
      ]);
      const fingerprints = new Set([
        ...orders.map((o) => o.payment?.cardFingerprint ?? ""),
        ...attempts.map((a) => a.cardFingerprint ?? ""),
      ]);
      const memory: Array<{ kind: ErasedKind; value: string }> = [
        ...[...emails].filter(Boolean).map((value) => ({ kind: "EMAIL" as const, value })),
        ...[...fingerprints].filter(Boolean).map((value) => ({ kind: "CARD_FINGERPRINT" as const, value })),
      ];
      await rememberErased(tx, deps.fraudMemoryKey, memory, { now, days: deps.fraudMemoryDays });

      const personal = [
        ...emails,
        ...[...emails].map((e) => normalizeEmail(e) ?? ""),
        ...attempts.map((a) => a.emailNormalized),
        user.name,
        full.phone ?? "",
        full.signupIp ?? "",
        ...orders.flatMap((o) => [
          o.ip ?? "",
          o.shippingName,
          o.shippingLine1,
          o.shippingLine2 ?? "",
          o.shippingCity,
          o.shippingPostal,
          o.shippingPhone ?? "",
        ]),
        ...orders.flatMap((o) =>
          o.payment
            ? [
                o.payment.cardholderName ?? "",
                o.payment.billingPhone ?? "",
                o.payment.billingLine1 ?? "",
                o.payment.billingLine2 ?? "",
                o.payment.billingCity ?? "",
                o.payment.billingPostal ?? "",
              ]
            : [],
        ),
        ...attempts.map((a) => a.ip ?? ""),
        ...sessions.map((s) => s.ip ?? ""),
        ...events.map((e) => e.ip ?? ""),
        ...fingerprints,
      ];

      await anonymizeOrders(tx, orderIds);
      await tx.paymentAttempt.updateMany({
        where: { OR: [{ userId: user.id }, { orderId: { in: orderIds } }] },
        data: { userId: null, emailNormalized: ERASED, ip: null, cardFingerprint: null },
      });
      await tx.authEvent.deleteMany({ where: { userId: user.id } });
      await tx.outboxEmail.deleteMany({ where: { to: { in: [...emails].filter(Boolean) } } });
      await tx.staffInvite.deleteMany({ where: { email: { in: [...emails].filter(Boolean) } } });
      await scrubText(tx, personal);
      // Cascades: sessions (so every signed-in browser is signed out), passkeys, recovery codes,
      // known devices, pending sign-ins, tickets, reset tokens, challenges. Orders, carts and
      // attempts keep their rows with userId set to null.
      await tx.user.delete({ where: { id: user.id } });
      await appendAudit(tx, {
        actor: null,
        action: "privacy.erase",
        target: `user:${user.id}`,
        detail: { orders: orderIds.length, role: user.role },
      });
    },
    { isolationLevel: "Serializable" },
  ).catch((error: unknown) => {
    if (error instanceof AppError) throw error;
    log.error({ err: error }, "account deletion failed");
    throw new AppError("CONFLICT", "Your account could not be deleted just now. Please try again.");
  });
}

async function anonymizeOrders(tx: Db, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await tx.order.updateMany({
    where: { id: { in: orderIds } },
    data: {
      email: ERASED_EMAIL,
      ip: null,
      ipCountry: null,
      shippingName: ERASED,
      shippingLine1: ERASED,
      shippingLine2: null,
      shippingCity: ERASED,
      shippingPostal: ERASED,
      shippingPhone: null,
      guestTokenHash: null,
    },
  });
  await tx.payment.updateMany({
    where: { orderId: { in: orderIds } },
    data: {
      cardFingerprint: null,
      cardholderName: null,
      billingEmail: null,
      billingPhone: null,
      billingLine1: null,
      billingLine2: null,
      billingCity: null,
      billingPostal: null,
    },
  });
}
