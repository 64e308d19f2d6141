// In-memory state. Objects are kept in their Stripe shape; the few facts Stripe keeps
// server-side only (line items, the card's test behaviour, PI ↔ session links) sit beside them.
import { resourceMissing } from "./errors";
import type {
  CaptureMethod,
  Charge,
  CheckoutSession,
  Dispute,
  EarlyFraudWarning,
  LineItem,
  PaymentIntent,
  PaymentMethod,
  Refund,
  ShippingRate,
  StripeEvent,
  TaxRate,
  StripeObject,
} from "./types";
import type { Metadata } from "./params";
import type { DisputeOnCapture, RefundBehaviour } from "./cards";

export interface SessionRecord {
  session: CheckoutSession;
  lineItems: LineItem[];
  /** The selected shipping rate's display name, for the hosted page. */
  shippingRateName?: string | null;
  intentData: {
    captureMethod: CaptureMethod;
    metadata: Metadata;
    description: string | null;
    receiptEmail: string | null;
  };
}

export class Store {
  readonly sessions = new Map<string, SessionRecord>();
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly paymentMethods = new Map<string, PaymentMethod>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly disputes = new Map<string, Dispute>();
  readonly earlyFraudWarnings = new Map<string, EarlyFraudWarning>();
  readonly taxRates = new Map<string, TaxRate>();
  readonly shippingRates = new Map<string, ShippingRate>();
  /** Insertion-ordered: oldest first. */
  readonly events = new Map<string, StripeEvent>();
  /** Charges paid with a dispute test card: a dispute opens once they are captured. */
  readonly disputeOnCapture = new Map<string, DisputeOnCapture>();
  /** Charges paid with the early-fraud-warning test card: warned about once captured. */
  readonly warnOnCapture = new Set<string>();
  /** Charges paid with a refund test card: how their refunds settle. */
  readonly refundBehaviour = new Map<string, RefundBehaviour>();
  /** Refunds that change status later (test cards), by refund id: the status they settle to. */
  readonly unsettledRefunds = new Map<string, { settleAt: number; to: "succeeded" | "failed" }>();
  readonly sessionOfIntent = new Map<string, string>();

  /** Any stored object by id, for expansion. */
  find(id: string): StripeObject | undefined {
    const prefix = id.slice(0, id.indexOf("_") + 1);
    switch (prefix) {
      case "cs_":
        return this.sessions.get(id)?.session;
      case "pi_":
        return this.paymentIntents.get(id);
      case "pm_":
        return this.paymentMethods.get(id);
      case "ch_":
        return this.charges.get(id);
      case "re_":
        return this.refunds.get(id);
      case "dp_":
        return this.disputes.get(id);
      case "issfr_":
        return this.earlyFraudWarnings.get(id);
      case "txr_":
        return this.taxRates.get(id);
      case "shr_":
        return this.shippingRates.get(id);
      default:
        return undefined;
    }
  }

  session(id: string): SessionRecord {
    const record = this.sessions.get(id);
    if (!record) throw resourceMissing("checkout.session", id, "session");
    return record;
  }

  paymentIntent(id: string): PaymentIntent {
    const intent = this.paymentIntents.get(id);
    if (!intent) throw resourceMissing("payment_intent", id, "intent");
    return intent;
  }

  paymentMethod(id: string): PaymentMethod {
    const method = this.paymentMethods.get(id);
    if (!method) throw resourceMissing("payment_method", id, "payment_method");
    return method;
  }

  charge(id: string, param = "id"): Charge {
    const charge = this.charges.get(id);
    if (!charge) throw resourceMissing("charge", id, param);
    return charge;
  }

  refund(id: string): Refund {
    const refund = this.refunds.get(id);
    if (!refund) throw resourceMissing("refund", id, "refund");
    return refund;
  }

  dispute(id: string): Dispute {
    const dispute = this.disputes.get(id);
    if (!dispute) throw resourceMissing("dispute", id, "dispute");
    return dispute;
  }

  earlyFraudWarning(id: string): EarlyFraudWarning {
    const warning = this.earlyFraudWarnings.get(id);
    if (!warning) throw resourceMissing("radar.early_fraud_warning", id, "early_fraud_warning");
    return warning;
  }

  taxRate(id: string, param = "tax_rate"): TaxRate {
    const rate = this.taxRates.get(id);
    if (!rate) throw resourceMissing("tax_rate", id, param);
    return rate;
  }

  shippingRate(id: string, param = "shipping_rate"): ShippingRate {
    const rate = this.shippingRates.get(id);
    if (!rate) throw resourceMissing("shipping_rate", id, param);
    return rate;
  }

  event(id: string): StripeEvent {
    const event = this.events.get(id);
    if (!event) throw resourceMissing("event", id, "id");
    return event;
  }
}
