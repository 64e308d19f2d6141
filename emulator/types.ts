// The Stripe object shapes the emulator serves, typed from the `stripe` SDK's own declarations
// for the pinned API version: each is the SDK's type with its expandable references served as
// ids (expansion happens per request, in expand.ts). A field the SDK declares non-optional
// must be present (tsc fails on a missing one), and one it does not declare cannot be added
// (excess-property checks), so the emulator cannot drift from the SDK silently.
// tests/unit/emulator/conformance.test.ts checks the same at run time against JSON schemas
// derived from these SDK types (emulator/conformance/).
import type Stripe from "stripe";

/** T with the keys K narrowed to what the emulator stores (ids, or null where Stripe has null). */
type Served<T, K extends keyof T, Narrowed extends { [P in K]: T[P] }> = Omit<T, K> & Narrowed;

type Address = Stripe.Address;
export type BillingDetails = Stripe.PaymentMethod.BillingDetails & {
  address: Address;
};
export type CardDetails = Stripe.PaymentMethod.Card;
/**
 * Line items are hand-written (not yet typed from Stripe.LineItem, whose `price` is a full Price
 * object with fields the emulator does not model); docs/stripe-emulator.md lists this gap.
 */
export interface LineItem {
  id: string;
  object: "item";
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: {
    id: string;
    object: "price";
    active: boolean;
    currency: string;
    product: string;
    type: "one_time";
    unit_amount: number;
  };
  quantity: number;
  /** The tax rates applied to this line and the tax each gives (Stripe's LineItem.taxes). */
  taxes: Array<Omit<Stripe.LineItem.Tax, "rate"> & { rate: TaxRate }>;
}

export type TaxRate = Stripe.TaxRate & { metadata: Record<string, string> };

export type ShippingRate = Served<Stripe.ShippingRate, "tax_code", { tax_code: null }>;

export type CheckoutSession = Served<
  Stripe.Checkout.Session,
  "customer" | "payment_intent" | "invoice" | "payment_link" | "setup_intent" | "subscription",
  {
    customer: null;
    payment_intent: string | null;
    invoice: null;
    payment_link: null;
    setup_intent: null;
    subscription: null;
  }
> & {
  // What the emulator always knows for its one-time card payments.
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  success_url: string;
};

export type CaptureMethod = Stripe.PaymentIntent.CaptureMethod;

type PaymentError = Stripe.PaymentIntent.LastPaymentError & {
  type: "card_error";
  code: string;
  charge: string;
  payment_method: PaymentMethod;
};

export type PaymentIntent = Served<
  Stripe.PaymentIntent,
  | "customer"
  | "latest_charge"
  | "payment_method"
  | "last_payment_error"
  | "application"
  | "review"
  | "on_behalf_of"
  | "payment_record"
  | "source",
  {
    customer: null;
    latest_charge: string | null;
    payment_method: string | null;
    last_payment_error: PaymentError | null;
    application: null;
    review: null;
    on_behalf_of: null;
    payment_record: null;
    source: null;
  }
> & { client_secret: string };

export type PaymentMethod = Served<Stripe.PaymentMethod, "customer" | "card", { customer: null; card: CardDetails }>;

export type Charge = Served<
  Stripe.Charge,
  | "customer"
  | "payment_intent"
  | "payment_method"
  | "balance_transaction"
  | "application"
  | "application_fee"
  | "failure_balance_transaction"
  | "on_behalf_of"
  | "review"
  | "source_transfer"
  | "transfer"
  | "refunds"
  | "source",
  {
    customer: null;
    payment_intent: string;
    payment_method: string;
    balance_transaction: null;
    application: null;
    application_fee: null;
    failure_balance_transaction: null;
    on_behalf_of: null;
    review: null;
    source_transfer: null;
    transfer?: undefined;
    refunds?: undefined;
    source: null;
  }
> & {
  payment_method_details: Stripe.Charge.PaymentMethodDetails & {
    type: "card";
    card: Stripe.Charge.PaymentMethodDetails.Card;
  };
};

/** Refund statuses Stripe documents for `Refund.status` (the SDK types it as a plain string). */
type RefundStatus = "pending" | "requires_action" | "succeeded" | "failed" | "canceled";

export type Refund = Served<
  Stripe.Refund,
  | "charge"
  | "payment_intent"
  | "payment_method"
  | "balance_transaction"
  | "customer"
  | "source_transfer_reversal"
  | "transfer_reversal"
  | "failure_balance_transaction",
  {
    charge: string;
    payment_intent: string;
    payment_method: string;
    balance_transaction: null;
    customer: null;
    source_transfer_reversal: null;
    transfer_reversal: null;
    failure_balance_transaction?: undefined;
  }
> & { status: RefundStatus; metadata: Record<string, string> };

export type Dispute = Served<
  Stripe.Dispute,
  "charge" | "payment_intent" | "balance_transactions",
  {
    charge: string;
    payment_intent: string;
    balance_transactions: Stripe.BalanceTransaction[];
  }
>;

export type EarlyFraudWarning = Served<
  Stripe.Radar.EarlyFraudWarning,
  "charge" | "payment_intent",
  { charge: string; payment_intent?: string }
>;

export type StripeObject =
  | CheckoutSession
  | TaxRate
  | ShippingRate
  | PaymentIntent
  | PaymentMethod
  | Charge
  | Refund
  | Dispute
  | EarlyFraudWarning;

export type StripeEvent = Omit<Stripe.Event, "data" | "type"> & {
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  type: Stripe.Event.Type;
};
