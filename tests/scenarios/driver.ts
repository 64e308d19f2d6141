// Drives one fraud scenario end to end through the store's own code: registration (the account
// records the country of the address it signed up from, as registerAccount does), checkout from
// a chosen client address, payment on the emulator's hosted page (declines included), and the
// webhooks the emulator sends to the store's endpoint code. The client address arrives as
// server.ts receives it behind one trusted proxy: the proxy's X-Forwarded-For entry after a
// forged one the client wrote, read by the same function server.ts calls
// (clientAddressOfConnection, TRUSTED_PROXY_HOPS=1), its country from the same GeoIP lookup.
// tests/security/client-address.spec.ts covers the same path over HTTP.
import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import { registerAccount } from "@/lib/auth/register";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import type { Db } from "@/lib/db/client";
import { clientAddressOfConnection } from "@/lib/net/client-ip";
import { countryOf } from "@/lib/net/geoip";
import { createLimiterStore, createPolicies } from "@/lib/rate-limit";
import { parseKeyringSpec } from "@/lib/security/crypto";
import { payOnHostedPage, type PaymentHarness } from "../support/payments";
import { uniqueCard } from "../support/cards";

const PASSWORD = "violet tractor harbour lemon";

export type Place = { line1: string; city: string; postalCode: string; country: string };
export const PLACES = {
  US: { line1: "5 Main St", city: "Springfield", postalCode: "12345", country: "US" },
  DE: { line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" },
  GB: { line1: "1 High Street", city: "London", postalCode: "N1 9GU", country: "GB" },
  CA: { line1: "1 Rue Principale", city: "Montréal", postalCode: "H2X 1Y4", country: "CA" },
} satisfies Record<string, Place>;

// Public addresses whose GeoIP country is known, and addresses that have none.
export const IPS = {
  US: "8.8.8.8",
  US2: "91.198.174.192",
  DE: "5.9.0.1",
  DE2: "85.214.132.117",
  GB: "81.2.69.142",
  GB2: "2.125.160.216",
  CA: "24.48.0.1",
  PRIVATE: "10.1.2.3",
  HOME_LAN: "192.168.1.5",
  LOOPBACK: "127.0.0.1",
} as const;

// Stripe's documented test cards the emulator implements (emulator/cards.ts).
export const CARDS = {
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  lost: "4000000000009987",
  stolen: "4000000000009979",
  expired: "4000000000000069",
  incorrectCvc: "4000000000000127",
  germany: "4000002760000016",
  britain: "4000008260000000",
  canada: "4000001240000000",
  brazil: "4000000760000002",
} as const;

type Payment = { card: string; name: string; billing?: Place };

export type Driver = {
  /** A new account, registered from `ip`. */
  register(name: string, email: string, ip: string): Promise<string>;
  /** A cart with one item; pass a token to reuse a cart (the checkout cookie). */
  cart(token?: string): Promise<string>;
  /**
   * A checkout from `ip`, then each payment on its hosted page in turn (declines stay on the
   * page, as a shopper would try another card); resolves once the webhooks are delivered.
   */
  order(o: {
    ip: string;
    email: string;
    userId?: string;
    ship: { name: string } & Place;
    payments: Payment[];
    cartToken?: string;
  }): Promise<string>;
  /** Moves an order and its attempts `days` into the past (a customer's earlier visit). */
  age(orderId: string, days: number): Promise<void>;
  newCard(): string;
};

/** The client address server.ts computes for a request the trusted proxy forwarded from `ip`. */
function throughTrustedProxy(ip: string): string {
  return clientAddressOfConnection({
    headers: { "x-forwarded-for": `203.0.113.66, ${ip}` },
    socketIp: "10.0.0.2",
    trustedProxyHops: 1,
  });
}

export function driver(db: Db, pay: PaymentHarness): Driver {
  // A fresh limiter per scenario: the scenarios register many accounts from a few addresses.
  const limits = createPolicies(createLimiterStore({ keyPrefix: `scenario-${randomBytes(4).toString("hex")}` }));
  const deps = {
    db,
    limits,
    keyring: parseKeyringSpec(`1:${randomBytes(32).toString("base64")}`),
    appUrl: "https://shop.test",
    notify: () => undefined,
    now: () => new Date(),
  };
  const stripe: Stripe = pay.stripe;
  return {
    async register(name, email, sentFrom) {
      const ip = throughTrustedProxy(sentFrom);
      await registerAccount(
        deps,
        { ip, country: countryOf(ip), userAgent: "scenario" },
        { name, email, password: PASSWORD },
      );
      return (await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, select: { id: true } })).id;
    },
    async cart(token) {
      const product = await db.product.findFirstOrThrow({
        where: { active: true, stock: { gt: 0 } },
        orderBy: { slug: "asc" },
      });
      return (await addToCart(db, token, { requestKey: newRequestKey(), productId: product.id, quantity: 1 })).token;
    },
    async order({ ip: sentFrom, email, userId, ship, payments, cartToken }) {
      const ip = throughTrustedProxy(sentFrom);
      const token = cartToken ?? (await this.cart());
      const started = await startCheckout(
        db,
        stripe,
        { cartToken: token, userId: userId ?? null, ip, ipCountry: countryOf(ip), appUrl: "https://shop.test" },
        { email, ...ship },
      );
      for (const p of payments) {
        const billing = p.billing ?? ship;
        await payOnHostedPage(started.redirectUrl, {
          email,
          card_number: p.card,
          card_expiry: "12 / 34",
          card_cvc: "123",
          cardholder_name: p.name,
          address_line1: billing.line1,
          address_city: billing.city,
          address_postal_code: billing.postalCode,
          address_country: billing.country,
        });
      }
      await pay.settle();
      return started.orderId;
    },
    async age(orderId, days) {
      const shift = (d: Date) => new Date(d.getTime() - days * 86_400_000);
      const order = await db.order.findUniqueOrThrow({
        where: { id: orderId },
        include: { payment: true, paymentAttempts: true },
      });
      await db.order.update({ where: { id: orderId }, data: { createdAt: shift(order.createdAt) } });
      if (order.payment)
        await db.payment.update({ where: { orderId }, data: { createdAt: shift(order.payment.createdAt) } });
      for (const a of order.paymentAttempts)
        await db.paymentAttempt.update({ where: { id: a.id }, data: { attemptedAt: shift(a.attemptedAt) } });
    },
    newCard: () => uniqueCard(),
  };
}
