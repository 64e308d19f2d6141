import type { OrderStatus } from "./status";

// What the checkout return page tells a shopper who has just paid, by order status. It keeps
// checking while the payment is being confirmed (the provider's webhook has not landed yet) and
// stops at anything else: paid, held for review, declined, or never completed. Shared by the
// server-rendered page and the small client component that polls (no server-only here).

export type PaymentOutcome = "confirming" | "paid" | "review" | "declined" | "expired";

const OUTCOME: Record<OrderStatus, PaymentOutcome> = {
  PENDING_PAYMENT: "confirming",
  AUTHORIZING: "confirming",
  PAID: "paid",
  PARTIALLY_REFUNDED: "paid",
  REFUNDED: "paid",
  HELD: "review",
  APPROVING: "review",
  REJECTING: "review",
  CANCELLED: "declined",
  EXPIRED: "expired",
};

export const paymentOutcome = (status: OrderStatus): PaymentOutcome => OUTCOME[status];

export const PAYMENT_OUTCOME_MESSAGE: Record<PaymentOutcome, string> = {
  confirming: "Thank you! We are confirming your payment with your bank. This page updates by itself.",
  paid: "Payment received, thank you! We have emailed you a confirmation.",
  review:
    "Thank you! Your order is under review: nothing has been charged yet, and we will email you once it is decided.",
  declined: "Your payment was declined and the order cancelled: you have not been charged.",
  expired: "The payment was not completed: you have not been charged.",
};
