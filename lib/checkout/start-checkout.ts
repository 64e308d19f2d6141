import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { hashToken, newToken } from "@/lib/security/tokens";
import { parseInput } from "@/lib/validation";
import { cartTokenSchema } from "@/lib/cart/schemas";
import { clearCatalogCache } from "@/lib/catalog/cached";
import { checkoutSchema } from "./schemas";
import { orderReference } from "./reference";
import { DEFAULT_FREE_SHIPPING_MIN_CENTS, quote, SHIPPING_METHOD_LABEL, type Quote } from "./pricing";
import { taxRateId } from "@/lib/payments/tax-rates";
import { releaseStock } from "./stock";
import { changeVariantStock, variantLabel, variantTitle } from "@/lib/catalog/variants";
import { isBlocked, recordBlockHit } from "@/lib/fraud/blocklist";
import type { CheckoutLimits } from "./start-limits";
import type { CheckoutChallengeGate } from "@/lib/shield/checkout-challenge";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "checkout" });

export type CheckoutContext = {
  cartToken: string | undefined;
  userId: string | null;
  ip: string | null;
  ipCountry: string | null;
  appUrl: string;
  /** Checkout start limits (./start-limits): the checkout action always passes the store's. */
  limits?: CheckoutLimits;
  /** Whether the decline-ratio breaker is open (lib/shield/breaker.ts): stricter limits then. */
  breakerOpen?: () => Promise<boolean>;
  /**
   * The proof-of-work challenge (lib/shield/checkout-challenge.ts), asked while the breaker is
   * open or past the soft limit, and the solution the form carried (the widget's payload).
   */
  challenge?: { gate: CheckoutChallengeGate; solution: string | null };
  /** Standard shipping is free from this subtotal (FREE_SHIPPING_MIN_CENTS; the action passes it). */
  freeShippingMinCents?: number;
};

export type StartedCheckout = { orderId: string; guestToken: string; redirectUrl: string };

// Stripe accepts 30 minutes to 24 hours; an hour leaves margin for the time the request takes.
export const CHECKOUT_SESSION_MINUTES = 60;

/** When a Checkout Session opened at `now` stops accepting payment (whole seconds, as Stripe stores it). */
function checkoutExpiry(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000 + CHECKOUT_SESSION_MINUTES * 60_000);
}

function shippingRateData(
  priced: Quote,
  currency: string,
): Stripe.Checkout.SessionCreateParams.ShippingOption.ShippingRateData {
  const { method, cents, minDays, maxDays } = priced.shipping;
  return {
    type: "fixed_amount",
    display_name: SHIPPING_METHOD_LABEL[method],
    fixed_amount: { amount: cents, currency },
    delivery_estimate: {
      minimum: { unit: "business_day", value: minDays },
      maximum: { unit: "business_day", value: maxDays },
    },
    metadata: { method },
  };
}

/**
 * Creates the order from the cart at database prices, reserves stock atomically and opens a
 * Stripe Checkout Session that only authorizes the payment (capture happens after the fraud
 * rules). Nothing the client sends besides contact and shipping details is used.
 */
export async function startCheckout(
  db: Db,
  stripe: Stripe,
  ctx: CheckoutContext,
  input: unknown,
): Promise<StartedCheckout> {
  const details = parseInput(checkoutSchema, input);
  // Counted before anything is read or written: a refused start creates no order, reserves no
  // stock and opens no session at the provider.
  if (ctx.limits) {
    const strict = (await ctx.breakerOpen?.()) ?? false;
    const client = { ip: ctx.ip, cartToken: ctx.cartToken, email: details.email, userId: ctx.userId };
    // What is owed is read before this start is counted: the cost the widget was given.
    const due = ctx.challenge ? await ctx.challenge.gate.demand(client, { breakerOpen: strict }) : null;
    // Counted against the client's limits even when the challenge then fails (a bot sending none
    // still uses up its limits), but against the store-wide ceiling only once it passed: a
    // distributed bot that solves nothing cannot spend the budget real shoppers share.
    const challenge = ctx.challenge;
    await ctx.limits.enforce(client, {
      strict,
      beforeStore: due && challenge ? () => challenge.gate.enforce(due, challenge.solution) : undefined,
    });
  }
  // A blocked email or network starts nothing; the message does not say which list matched.
  const blocked = await isBlocked(db, { email: details.email, ip: ctx.ip });
  if (blocked) {
    await recordBlockHit(db, blocked, { where: "checkout", ip: ctx.ip });
    throw new AppError(
      "FORBIDDEN",
      "We cannot take this order online. Please contact us if you think this is a mistake.",
    );
  }
  if (!ctx.cartToken || !cartTokenSchema.safeParse(ctx.cartToken).success)
    throw new AppError("CONFLICT", "Your cart is empty.");
  const cart = await db.cart.findUnique({
    where: { tokenHash: hashToken(ctx.cartToken) },
    select: {
      id: true,
      items: {
        select: {
          quantity: true,
          variant: {
            select: {
              id: true,
              sku: true,
              option1: true,
              option2: true,
              priceCents: true,
              stock: true,
              product: { select: { id: true, name: true, currency: true, active: true } },
            },
          },
        },
      },
    },
  });
  if (!cart || cart.items.length === 0) throw new AppError("CONFLICT", "Your cart is empty.");
  // One line per variant, with what the order line copies (the variant's SKU and price).
  const lines = cart.items.map(({ quantity, variant }) => {
    const title = variantTitle(variant);
    return {
      quantity,
      variantId: variant.id,
      productId: variant.product.id,
      name: variantLabel(variant.product.name, variant),
      productName: variant.product.name,
      variantTitle: title,
      sku: variant.sku,
      priceCents: variant.priceCents,
      stock: variant.stock,
      active: variant.product.active,
      currency: variant.product.currency,
    };
  });
  for (const { quantity, ...product } of lines) {
    if (!product.active)
      throw new AppError("CONFLICT", `${product.name} is no longer available: remove it from your cart to continue.`);
    if (product.stock < quantity)
      throw new AppError(
        "CONFLICT",
        `Only ${Math.max(product.stock, 0)} of ${product.name} left: lower the quantity in your cart.`,
      );
  }
  const currency = lines[0]!.currency;
  // Shipping and tax from the server's table for the destination and method (./pricing.ts).
  const priced = quote({
    country: details.country,
    method: details.shippingMethod,
    lines: lines.map((line) => ({ unitPriceCents: line.priceCents, quantity: line.quantity })),
    freeShippingMinCents: ctx.freeShippingMinCents ?? DEFAULT_FREE_SHIPPING_MIN_CENTS,
  });
  const guestToken = newToken(32);
  // Fixed before the session exists and stored with the order: the sweep knows when the
  // session stops taking payment even if this instance dies before saving the session id.
  const checkoutExpiresAt = checkoutExpiry(new Date());

  // Stock is decremented only where enough remains (a conditional update per line), all in one
  // transaction: two shoppers racing for the last unit cannot both get it, and a failed line
  // rolls back the whole order.
  const order = await inTransaction(db, async (tx) => {
    for (const line of lines) {
      const reserved = await changeVariantStock(tx, {
        variantId: line.variantId,
        delta: -line.quantity,
        reserve: true,
      });
      if (!reserved) throw new AppError("CONFLICT", `Sorry, ${line.name} just sold out: update your cart to continue.`);
    }
    return tx.order.create({
      data: {
        reference: orderReference(),
        userId: ctx.userId,
        email: details.email,
        currency,
        subtotalCents: priced.subtotalCents,
        shippingCents: priced.shipping.cents,
        shippingMethod: priced.shipping.method,
        taxCents: priced.taxCents,
        taxInclusive: priced.tax?.inclusive ?? false,
        taxBps: priced.tax?.bps ?? 0,
        taxLabel: priced.tax?.label ?? null,
        totalCents: priced.totalCents,
        ip: ctx.ip,
        ipCountry: ctx.ipCountry,
        shippingName: details.name,
        shippingLine1: details.line1,
        shippingLine2: details.line2 ?? null,
        shippingCity: details.city,
        shippingPostal: details.postalCode,
        shippingCountry: details.country,
        shippingPhone: details.phone ?? null,
        guestTokenHash: hashToken(guestToken),
        cartId: cart.id,
        checkoutExpiresAt,
        items: {
          create: lines.map((line, i) => ({
            productId: line.productId,
            variantId: line.variantId,
            name: line.productName,
            variantTitle: line.variantTitle,
            sku: line.sku,
            unitPriceCents: line.priceCents,
            quantity: line.quantity,
            taxCents: priced.lineTaxCents[i] ?? 0,
          })),
        },
      },
      select: { id: true, reference: true, totalCents: true },
    });
  });
  // Stock changed: this instance shows it at once (others within the cache's few seconds).
  clearCatalogCache();

  try {
    const taxRates = priced.tax ? [await taxRateId(stripe, details.country, priced.tax)] : undefined;
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        customer_email: details.email,
        client_reference_id: order.id,
        billing_address_collection: "required",
        expires_at: Math.floor(checkoutExpiresAt.getTime() / 1000),
        line_items: lines.map((line) => ({
          quantity: line.quantity,
          price_data: { currency, unit_amount: line.priceCents, product_data: { name: line.name } },
          ...(taxRates ? { tax_rates: taxRates } : {}),
        })),
        // Only the method chosen in the store: the price on Stripe's page is the order's.
        shipping_options: [{ shipping_rate_data: shippingRateData(priced, currency) }],
        payment_intent_data: { capture_method: "manual", metadata: { orderId: order.id, reference: order.reference } },
        metadata: { orderId: order.id, reference: order.reference },
        success_url: `${ctx.appUrl}/checkout/return`,
        cancel_url: `${ctx.appUrl}/checkout/cancelled`,
      },
      { idempotencyKey: `checkout-session-${order.id}` },
    );
    if (!session.url) throw new Error("Checkout Session has no URL");
    // Saved only while the order still waits for payment: had the sweep already given this
    // order up (an instance this slow is past the sweep's grace), the session must not be paid.
    const saved = await db.order.updateMany({
      where: { id: order.id, status: "PENDING_PAYMENT" },
      data: { checkoutSessionId: session.id },
    });
    if (saved.count !== 1) {
      await stripe.checkout.sessions.expire(session.id).catch(() => undefined);
      throw new AppError(
        "CONFLICT",
        "This checkout took too long and was closed. Your cart is unchanged; please try again.",
      );
    }
    return { orderId: order.id, guestToken, redirectUrl: session.url };
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The provider refused or was unreachable: give the stock back and close the order.
    await releaseStock(db, { orderId: order.id, from: "PENDING_PAYMENT", to: "CANCELLED" });
    log.error({ orderId: order.id, err: error }, "checkout session creation failed");
    throw new AppError("PAYMENT", "We could not reach the payment provider. Your cart is unchanged; please try again.");
  }
}
