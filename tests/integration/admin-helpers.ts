// Shared set-up for the admin and decision integration tests (not a test file itself): staff
// accounts with real encrypted TOTP secrets, and held orders reached through the real payment
// flow (a customer who signed up in the US pays from a GB address, which the default
// ip-country-mismatch rule holds), so every test decides on a genuine authorized PaymentIntent.
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/authorize";
import { encryptTotpSecret } from "@/lib/auth/secrets";
import { newTotpSecret } from "@/lib/auth/totp";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import type { Db } from "@/lib/db/client";
import { createLimiterStore, createPolicies } from "@/lib/rate-limit";
import { parseKeyringSpec, type Keyring } from "@/lib/security/crypto";
import type { PaymentHarness } from "../support/payments";
import { payOnHostedPage, testCard, uniqueCard } from "../support/payments";

export const testKeyring = (): Keyring => parseKeyringSpec(`1:${randomBytes(32).toString("base64")}`);
export const testLimits = () =>
  createPolicies(createLimiterStore({ keyPrefix: `admin-${randomBytes(4).toString("hex")}` }));

export type StaffMember = { actor: Actor; secret: string };

export async function createStaff(
  db: Db,
  keyring: Keyring,
  role: string,
  opts: { twoFactor?: boolean } = {},
): Promise<StaffMember> {
  const email = `${role.toLowerCase()}-${randomBytes(4).toString("hex")}@example.org`;
  const user = await db.user.create({
    data: { email, name: `${role} Person`, passwordHash: "x", role, policyAckVersion: 1 },
  });
  const secret = newTotpSecret();
  const twoFactor = opts.twoFactor ?? true;
  if (twoFactor)
    await db.user.update({
      where: { id: user.id },
      data: { totpSecretEnc: encryptTotpSecret(keyring, user.id, secret), totpEnabledAt: new Date() },
    });
  return {
    actor: {
      id: user.id,
      email,
      name: user.name,
      role,
      sessionId: `session-${user.id}`,
      twoFactorEnabled: twoFactor,
      authMethod: null,
      passkeyRequired: false,
    },
    secret,
  };
}

/** The shopper shopper@example.com, and the actor a signed-in session of theirs would be. */
export async function createCustomerActor(db: Db): Promise<Actor> {
  const customer = await db.user.create({
    data: { email: "shopper@example.com", name: "Shopper", passwordHash: "x", role: "CUSTOMER" },
  });
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    role: "CUSTOMER",
    sessionId: "s",
    twoFactorEnabled: true,
    authMethod: null,
    passkeyRequired: false,
  };
}

/** A HELD order with a real authorization in the emulator (requires_capture). */
export async function heldOrder(
  db: Db,
  pay: PaymentHarness,
  customerId: string,
  slug = "insulated-bottle",
  quantity = 1,
  card = uniqueCard(),
) {
  const product = await db.product.findUniqueOrThrow({ where: { slug } });
  const { token } = await addToCart(db, undefined, { requestKey: newRequestKey(), productId: product.id, quantity });
  const started = await startCheckout(
    db,
    pay.stripe,
    { cartToken: token, userId: customerId, ip: "81.2.69.142", ipCountry: "GB", appUrl: "http://shop.test" },
    {
      email: "lin@example.com",
      name: "Lin Chen",
      line1: "5 Main St",
      city: "Springfield",
      postalCode: "12345",
      country: "US",
    },
  );
  await payOnHostedPage(started.redirectUrl, testCard(card, { cardholder_name: "Lin Chen", address_country: "US" }));
  await pay.settle();
  const order = await db.order.findUniqueOrThrow({ where: { id: started.orderId } });
  if (order.status !== "HELD") throw new Error(`expected a held order, got ${order.status}`);
  return order;
}
