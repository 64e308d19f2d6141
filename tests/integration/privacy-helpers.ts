// Shared set-up for the privacy integration tests (not a test file itself): a customer with
// something in every table the export and the deletion touch, and a scan of every text column.
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/authorize";
import { hashPassword } from "@/lib/auth/password";
import { generateRecoveryCodes, hashRecoveryCode } from "@/lib/auth/recovery-codes";
import { encryptTotpSecret } from "@/lib/auth/secrets";
import { newTotpSecret } from "@/lib/auth/totp";
import type { Db } from "@/lib/db/client";
import { providerOf } from "@/lib/db/transaction";
import { fraudMemoryKey } from "@/lib/privacy/fraud-memory";
import type { PrivacyDeps } from "@/lib/privacy/deps";
import { GOOD_PASSWORD, testDeps } from "./auth-helpers";
import { searchObjects } from "@/lib/catalog/search-objects";

export type Customer = {
  actor: Actor;
  /** Every personal value stored for this customer: none may survive a deletion. */
  personal: {
    name: string;
    email: string;
    line1: string;
    city: string;
    postal: string;
    phone: string;
    ip: string;
    cardholder: string;
    billingLine1: string;
    userAgent: string;
    fingerprint: string;
  };
  orderId: string;
  totalCents: number;
  reference: string;
};

export function privacyTestDeps(db: Db): PrivacyDeps & ReturnType<typeof testDeps> {
  return { ...testDeps(db), fraudMemoryKey: fraudMemoryKey("x".repeat(48)), fraudMemoryDays: 730 };
}

let passwordHash: string | null = null;

export async function createCustomer(
  db: Db,
  deps: PrivacyDeps,
  tag: string,
  { status = "PAID", role = "CUSTOMER" }: { status?: string; role?: string } = {},
): Promise<Customer> {
  const hex = randomBytes(4).toString("hex");
  const personal = {
    name: `Zelda ${tag} Quagmire${hex}`,
    email: `zq-${tag}-${hex}@example.org`,
    line1: `${hex} Wisteria Lane ${tag}`,
    city: `Springfield${hex}`,
    postal: `PC-${hex}`,
    phone: `+1555${parseInt(hex, 16) % 10_000_000}`,
    ip: `2001:db8::${hex.slice(0, 4)}:${hex.slice(4)}`,
    cardholder: `Z ${tag} Quagmire-${hex}`,
    billingLine1: `${hex} Billing Road ${tag}`,
    userAgent: `PrivacyTestBrowser/${hex}`,
    fingerprint: `fp_${tag}_${hex}`,
  };
  passwordHash ??= await hashPassword(GOOD_PASSWORD);
  const user = await db.user.create({
    data: {
      email: personal.email,
      name: personal.name,
      phone: personal.phone,
      passwordHash,
      role,
      signupIp: personal.ip,
      policyAckVersion: 1,
    },
  });
  await db.user.update({
    where: { id: user.id },
    data: { totpSecretEnc: encryptTotpSecret(deps.keyring, user.id, newTotpSecret()), totpEnabledAt: new Date() },
  });
  for (const code of generateRecoveryCodes(3))
    await db.recoveryCode.create({ data: { userId: user.id, codeHash: hashRecoveryCode(code) } });
  const session = await db.userSession.create({
    data: {
      userId: user.id,
      ip: personal.ip,
      userAgent: personal.userAgent,
      expiresAt: new Date(Date.now() + 86_400_000),
      authMethod: "PASSWORD",
    },
  });
  await db.passkey.create({
    data: {
      userId: user.id,
      credentialId: `cred-${hex}`,
      publicKey: `pk-${hex}-publickeymaterial`,
      name: `Laptop ${hex}`,
      deviceType: "singleDevice",
    },
  });
  await db.authEvent.create({
    data: { userId: user.id, type: "SIGN_IN_SUCCESS", ip: personal.ip, userAgent: personal.userAgent },
  });
  await db.passwordResetToken.create({
    data: { userId: user.id, tokenHash: `reset-${hex}-${"a".repeat(40)}`, expiresAt: new Date(Date.now() + 3_600_000) },
  });

  const category = await db.category.create({ data: { slug: `c-${hex}`, name: "Privacy", description: "test" } });
  const product = await db.product.create({
    data: {
      slug: `p-${hex}`,
      sku: `SKU-${hex}`,
      name: "Teapot",
      description: "test",
      searchText: "teapot",
      priceCents: 2_500,
      stock: 10,
      imagePath: "/x.png",
      imageAlt: "x",
      categoryId: category.id,
      variants: { create: { sku: `SKU-${hex}`, priceCents: 2_500, stock: 10 } },
    },
    select: { id: true, sku: true, variants: { select: { id: true } } },
  });
  const reference = `R-${hex.toUpperCase()}`;
  const order = await db.order.create({
    data: {
      reference,
      userId: user.id,
      email: personal.email,
      status,
      currency: "usd",
      subtotalCents: 5_000,
      shippingCents: 500,
      totalCents: 5_500,
      ip: personal.ip,
      shippingName: personal.name,
      shippingLine1: personal.line1,
      shippingCity: personal.city,
      shippingPostal: personal.postal,
      shippingCountry: "US",
      shippingPhone: personal.phone,
      paymentIntentId: `pi_${hex}`,
      items: {
        create: [
          {
            productId: product.id,
            variantId: product.variants[0]!.id,
            name: "Teapot",
            sku: product.sku,
            unitPriceCents: 2_500,
            quantity: 2,
          },
        ],
      },
      payment: {
        create: {
          paymentIntentId: `pi_${hex}`,
          status: "succeeded",
          amountAuthorized: 5_500,
          amountCaptured: 5_500,
          cardBrand: "visa",
          cardLast4: "4242",
          cardExpMonth: 12,
          cardExpYear: 2030,
          cardCountry: "US",
          cardFingerprint: personal.fingerprint,
          cardholderName: personal.cardholder,
          billingEmail: personal.email,
          billingLine1: personal.billingLine1,
          billingCity: personal.city,
          billingPostal: personal.postal,
          billingCountry: "US",
        },
      },
    },
  });
  await db.paymentAttempt.create({
    data: {
      attemptKey: `ch_${hex}`,
      paymentIntentId: `pi_${hex}`,
      orderId: order.id,
      userId: user.id,
      emailNormalized: personal.email,
      ip: personal.ip,
      outcome: "AUTHORIZED",
      cardFingerprint: personal.fingerprint,
      cardBrand: "visa",
      cardLast4: "4242",
      attemptedAt: new Date(),
    },
  });
  await db.fraudCheck.create({
    data: {
      orderId: order.id,
      rule: "velocity",
      action: "ALERT",
      message: `Email ${personal.email} placed 3 orders`,
      evidence: JSON.stringify({ email: personal.email, ip: personal.ip, name: personal.name }),
      points: 10,
    },
  });
  await db.outboxEmail.create({
    data: {
      to: personal.email,
      subject: `Order ${reference}`,
      text: `Hello ${personal.name}, shipping to ${personal.line1}`,
    },
  });
  const actor: Actor = {
    id: user.id,
    email: personal.email,
    name: personal.name,
    role,
    sessionId: session.id,
    twoFactorEnabled: true,
    authMethod: "PASSWORD",
    passkeyRequired: false,
  };
  return { actor, personal, orderId: order.id, totalCents: 5_500, reference };
}

/** Every string value in every column of every table, with where it was found. */
export async function everyText(db: Db): Promise<Array<{ table: string; value: string }>> {
  const tables =
    providerOf(db) === "postgresql"
      ? (
          await db.$queryRawUnsafe<Array<{ name: string }>>(
            `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
          )
        ).map((r) => r.name)
      : (
          await db.$queryRawUnsafe<Array<{ name: string }>>(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
          )
        )
          .map((r) => r.name)
          // The search index's FTS5 shadow tables hold its text (read through the index itself) and blobs.
          .filter((name) => !name.startsWith(`${searchObjects.sqlite.table}_`));
  const found: Array<{ table: string; value: string }> = [];
  for (const table of tables) {
    const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "${table}"`);
    for (const row of rows)
      for (const value of Object.values(row)) if (typeof value === "string") found.push({ table, value });
  }
  return found;
}
