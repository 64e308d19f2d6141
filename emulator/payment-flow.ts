// What happens when the shopper presses "Pay": PaymentMethod, PaymentIntent and Charge are
// created from the card's facts, then the session completes or stays open after a decline.
import type { CardInput } from "./card-form";
import { cardFacts } from "./cards";
import { completeSession } from "./checkout-sessions";
import type { Emulator, RequestInfo } from "./context";
import { disputeIfTestCard } from "./disputes";
import { warnIfTestCard } from "./early-fraud-warnings";
import { confirmIntent, createIntentForSession } from "./payment-intents";
import { createPaymentMethod } from "./payment-methods";
import type { SessionRecord } from "./store";
import type { BillingDetails } from "./types";

export type PaymentOutcome = { ok: true; redirectTo: string } | { ok: false; message: string };

export const successRedirect = (record: SessionRecord): string =>
  record.session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", encodeURIComponent(record.session.id));

export function payCheckoutSession(
  em: Emulator,
  request: RequestInfo,
  record: SessionRecord,
  card: CardInput,
  billing: BillingDetails,
): PaymentOutcome {
  // From here on only derived facts exist; `card.number` is not kept anywhere.
  const facts = cardFacts(card.number, card.expMonth, card.expYear, em.fingerprintKey);
  const method = createPaymentMethod(em, facts, billing);
  const { session } = record;
  // The session keeps one PaymentIntent across attempts, as Stripe Checkout does.
  const existing = session.payment_intent ? em.store.paymentIntents.get(session.payment_intent) : undefined;
  const intent = existing ?? createIntentForSession(em, record);
  session.payment_intent = intent.id;

  const charge = confirmIntent(em, request, intent, method, facts.behaviour.decline, facts.behaviour);
  if (facts.behaviour.decline) return { ok: false, message: facts.behaviour.decline.message };

  completeSession(em, request, record, intent, method);
  if (charge.captured) {
    disputeIfTestCard(em, request, charge);
    warnIfTestCard(em, request, charge);
  }
  return { ok: true, redirectTo: successRedirect(record) };
}
