// What each order email says, by kind: pure, so scripts/docs-emails.tsx renders the same words.
export type OrderEmailKind = "confirmed" | "under-review" | "cancelled" | "refunded";

export const ORDER_EMAIL_COPY: Record<
  OrderEmailKind,
  { subject: (ref: string) => string; heading: string; lead: string }
> = {
  confirmed: {
    subject: (r) => `Order ${r} confirmed`,
    heading: "Thank you for your order",
    lead: "Your payment went through and we are preparing your order.",
  },
  "under-review": {
    subject: (r) => `Order ${r} is under review`,
    heading: "Your order is under review",
    lead: "We are checking a few details before we take payment. Nothing has been charged yet; we will email you as soon as we are done.",
  },
  cancelled: {
    subject: (r) => `Order ${r} cancelled`,
    heading: "Your order was cancelled",
    lead: "We could not complete this order. The authorization on your card has been released and you have not been charged.",
  },
  refunded: {
    subject: (r) => `Refund for order ${r}`,
    heading: "We have refunded you",
    lead: "A refund is on its way to your card. Banks usually show it within 5 to 10 business days.",
  },
};

/** Every kind, in the copy's order (scripts/docs-emails.tsx renders each). */
export const ORDER_EMAIL_KINDS = Object.keys(ORDER_EMAIL_COPY) as OrderEmailKind[];
