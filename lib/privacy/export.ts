import "server-only";
import { appendAudit } from "@/lib/audit/log";
import type { Actor } from "@/lib/auth/authorize";
import type { RequestContext } from "@/lib/auth/deps";
import type { AuthDeps } from "@/lib/auth/deps";
import { inTransaction } from "@/lib/db/transaction";
import { confirmAccountPassword } from "./confirm";

// GDPR articles 15 and 20: the customer's own data, as a machine-readable JSON file. Every field
// is picked by name (never a whole row), so a column added later stays out until someone decides
// it belongs here: no password hash, TOTP secret, recovery code, token hash, encrypted value,
// passkey key, card fingerprint, staff note or another customer's data. Orders are those placed
// while signed in to this account; a guest order with the same email may have been placed by
// someone else, so it is not included.

const EXPORT_FORMAT = "secure-store-account-export/1";

export type AccountExport = { filename: string; json: string };

export async function exportAccountData(
  deps: AuthDeps,
  _ctx: RequestContext,
  actor: Actor,
  input: unknown,
): Promise<AccountExport> {
  const user = await confirmAccountPassword(deps, actor, input);
  const now = deps.now();
  const data = await inTransaction(deps.db, async (tx) => {
    const profile = await tx.user.findUniqueOrThrow({
      where: { id: user.id },
      select: {
        email: true,
        name: true,
        phone: true,
        role: true,
        signupIp: true,
        signupCountry: true,
        totpEnabledAt: true,
        createdAt: true,
        updatedAt: true,
      },
    });
    const addresses = await tx.address.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: {
        name: true,
        line1: true,
        line2: true,
        city: true,
        postalCode: true,
        country: true,
        phone: true,
        isDefault: true,
        createdAt: true,
      },
    });
    const orders = await tx.order.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        reference: true,
        status: true,
        email: true,
        currency: true,
        subtotalCents: true,
        shippingCents: true,
        totalCents: true,
        ip: true,
        ipCountry: true,
        shippingName: true,
        shippingLine1: true,
        shippingLine2: true,
        shippingCity: true,
        shippingPostal: true,
        shippingCountry: true,
        shippingPhone: true,
        createdAt: true,
        paidAt: true,
        items: { select: { name: true, sku: true, unitPriceCents: true, quantity: true } },
        payment: {
          select: {
            status: true,
            amountAuthorized: true,
            amountCaptured: true,
            amountRefunded: true,
            cardBrand: true,
            cardLast4: true,
            cardExpMonth: true,
            cardExpYear: true,
            cardCountry: true,
            createdAt: true,
          },
        },
        refunds: { select: { amountCents: true, status: true, createdAt: true } },
        paymentAttempts: {
          orderBy: { attemptedAt: "asc" },
          select: {
            outcome: true,
            declineCode: true,
            errorCode: true,
            cardBrand: true,
            cardLast4: true,
            cardCountry: true,
            cvcCheck: true,
            threeDSecure: true,
            ip: true,
            attemptedAt: true,
          },
        },
      },
    });
    const signInEvents = await tx.authEvent.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: { type: true, ip: true, country: true, userAgent: true, createdAt: true },
    });
    const sessions = await tx.userSession.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: {
        ip: true,
        country: true,
        userAgent: true,
        authMethod: true,
        createdAt: true,
        lastSeenAt: true,
        expiresAt: true,
        revokedAt: true,
      },
    });
    const passkeys = await tx.passkey.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: { name: true, createdAt: true, lastUsedAt: true },
    });
    const counts = {
      orders: orders.length,
      signInEvents: signInEvents.length,
      sessions: sessions.length,
      passkeys: passkeys.length,
    };
    // Who asked is the target; the entry holds no email or address, since the audit log is
    // append-only and would otherwise outlive a later deletion of the account.
    await appendAudit(tx, { actor: null, action: "privacy.export", target: `user:${user.id}`, detail: counts });
    return {
      format: EXPORT_FORMAT,
      exportedAt: now.toISOString(),
      profile,
      addresses,
      orders: orders.map(({ id: _id, paymentAttempts, ...order }) => ({ ...order, paymentAttempts })),
      signInEvents,
      sessions,
      passkeys,
    };
  });
  const day = now.toISOString().slice(0, 10);
  return { filename: `account-data-${day}.json`, json: `${JSON.stringify(data, null, 2)}\n` };
}
