// Checkout Sessions: create, retrieve, expire, and the completion the hosted page triggers.
import { parseSessionParams } from "./checkout-session-params";
import type { ApiRouter, Emulator, RequestInfo } from "./context";
import { invalidRequest, validating } from "./errors";
import { newId, newSessionId } from "./ids";
import { cancelIntent } from "./payment-intents";
import { expandList, optionalEnum, optionalInteger, optionalObject, optionalString } from "./params";
import type { FormObject } from "./form-encoding";
import type { SessionRecord } from "./store";
import type { CheckoutSession, LineItem, PaymentIntent, PaymentMethod } from "./types";
import { sessionDefaults, totalDetails } from "./defaults";
import { shippingRatesFor } from "./shipping-rates";
import { taxOfLine } from "./tax-rates";

const hostedPageUrl = (em: Emulator, sessionId: string) => `${em.publicUrl}/c/pay/${sessionId}`;

function createSession(em: Emulator, input: ReturnType<typeof parseSessionParams>): SessionRecord {
  const id = newSessionId();
  const lineItems: LineItem[] = input.lineItems.map((item) => {
    const amount = item.unitAmount * item.quantity;
    // Each rate's tax on the line: inclusive ones are inside the amount, exclusive ones added.
    const taxes = item.taxRates.map((rate) => ({
      amount: taxOfLine(amount, rate),
      rate: structuredClone(rate),
      taxability_reason: null,
      taxable_amount: rate.inclusive ? amount - taxOfLine(amount, rate) : amount,
    }));
    const added = taxes.reduce((sum, t) => sum + (t.rate.inclusive ? 0 : t.amount), 0);
    return {
      id: newId("li"),
      object: "item",
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: taxes.reduce((sum, t) => sum + t.amount, 0),
      amount_total: amount + added,
      currency: item.currency,
      description: item.name,
      price: {
        id: newId("price"),
        object: "price",
        active: false,
        currency: item.currency,
        product: newId("prod", 14),
        type: "one_time",
        unit_amount: item.unitAmount,
      },
      quantity: item.quantity,
      taxes,
    };
  });
  const rates = shippingRatesFor(em, input.shippingOptions);
  // The first option is selected, as on Stripe's page before the shopper changes it.
  const selected = rates[0];
  const shipping = selected?.fixed_amount?.amount ?? 0;
  const subtotal = lineItems.reduce((sum, item) => sum + item.amount_subtotal, 0);
  const tax = lineItems.reduce((sum, item) => sum + item.amount_tax, 0);
  const amount = lineItems.reduce((sum, item) => sum + item.amount_total, 0) + shipping;
  const session: CheckoutSession = {
    ...sessionDefaults(),
    id,
    object: "checkout.session",
    amount_subtotal: subtotal,
    amount_total: amount,
    billing_address_collection: input.billingAddressCollection,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    created: em.clock.now(),
    currency: input.currency,
    customer_details: null,
    customer_email: input.customerEmail,
    expires_at: input.expiresAt,
    locale: input.locale,
    metadata: input.metadata,
    payment_intent: null,
    payment_status: "unpaid",
    status: "open",
    submit_type: input.submitType,
    success_url: input.successUrl,
    shipping_cost: selected
      ? { amount_subtotal: shipping, amount_tax: 0, amount_total: shipping, shipping_rate: selected.id }
      : null,
    shipping_options: rates.map((rate) => ({
      shipping_amount: rate.fixed_amount?.amount ?? 0,
      shipping_rate: rate.id,
    })),
    total_details: { ...totalDetails(), amount_shipping: shipping, amount_tax: tax },
    url: hostedPageUrl(em, id),
  };
  const record: SessionRecord = {
    session,
    lineItems,
    shippingRateName: selected?.display_name ?? null,
    intentData: input.intent,
  };
  em.store.sessions.set(id, record);
  return record;
}

/** Closes an open session; an attempted-but-unpaid PaymentIntent is canceled with it, as on Stripe. */
function expireSession(em: Emulator, request: RequestInfo, record: SessionRecord): void {
  const { session } = record;
  if (session.status !== "open") {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      { code: "checkout_session_not_open", param: "session" },
    );
  }
  session.status = "expired";
  session.url = null;
  em.events.emit("checkout.session.expired", session, request);
  const intent = session.payment_intent ? em.store.paymentIntents.get(session.payment_intent) : undefined;
  if (intent?.status === "requires_payment_method") cancelIntent(em, request, intent, "abandoned");
}

export function completeSession(
  em: Emulator,
  request: RequestInfo,
  record: SessionRecord,
  intent: PaymentIntent,
  method: PaymentMethod,
): void {
  const { session } = record;
  session.status = "complete";
  session.url = null;
  session.payment_intent = intent.id;
  // Stripe reports "paid" once the payment is authorized, manual capture included: Checkout's
  // part is done; the PaymentIntent (requires_capture) says the money is not captured yet.
  session.payment_status = intent.status === "succeeded" || intent.status === "requires_capture" ? "paid" : "unpaid";
  session.customer_details = {
    address: structuredClone(method.billing_details.address),
    email: method.billing_details.email,
    name: method.billing_details.name,
    phone: null,
    business_name: null,
    individual_name: null,
    tax_exempt: "none",
    tax_ids: [],
  };
  em.events.emit("checkout.session.completed", session, request);
}

/** Open sessions past expires_at expire, as Stripe's own sweep does. */
export function expireDueSessions(em: Emulator, request: RequestInfo): void {
  const now = em.clock.now();
  for (const record of em.store.sessions.values()) {
    if (record.session.status === "open" && record.session.expires_at <= now) expireSession(em, request, record);
  }
}

function lineItemList(record: SessionRecord) {
  return {
    object: "list",
    data: structuredClone(record.lineItems),
    has_more: false,
    url: `/v1/checkout/sessions/${record.session.id}/line_items`,
  };
}

/**
 * GET /v1/checkout/sessions, newest first, with the filters the store uses: created[gt|gte|lt|lte],
 * status, payment_intent, limit and starting_after (the store's sweep looks for the session of
 * an order whose instance died before saving the session id).
 */
function listSessions(em: Emulator, params: FormObject) {
  const limit = Math.min(optionalInteger(params, "limit", "", 1) ?? 10, 100);
  const created = optionalObject(params, "created");
  const bound = (key: string) => (created ? optionalInteger(created, key, "created") : undefined);
  const [gt, gte, lt, lte] = ["gt", "gte", "lt", "lte"].map(bound);
  const status = optionalEnum(params, "status", ["open", "complete", "expired"]);
  const paymentIntent = optionalString(params, "payment_intent");
  const startingAfter = optionalString(params, "starting_after");
  let all = [...em.store.sessions.values()]
    .map((r) => r.session)
    .reverse()
    .filter(
      (s) =>
        (gt === undefined || s.created > gt) &&
        (gte === undefined || s.created >= gte) &&
        (lt === undefined || s.created < lt) &&
        (lte === undefined || s.created <= lte) &&
        (status === undefined || s.status === status) &&
        (paymentIntent === undefined || s.payment_intent === paymentIntent),
    );
  if (startingAfter) {
    const index = all.findIndex((s) => s.id === startingAfter);
    all = index === -1 ? [] : all.slice(index + 1);
  }
  return {
    object: "list",
    data: all.slice(0, limit),
    has_more: all.length > limit,
    url: "/v1/checkout/sessions",
  };
}

export function registerSessionRoutes(router: ApiRouter): void {
  router
    .add("GET", "/v1/checkout/sessions", ({ em, params }) => listSessions(em, params))
    .add(
      "POST",
      "/v1/checkout/sessions",
      ({ em, params }) =>
        createSession(
          em,
          validating(() => parseSessionParams(params, em)),
        ).session,
    )
    .add("GET", "/v1/checkout/sessions/:id", ({ em, path, params }) => {
      const record = em.store.session(path.id ?? "");
      // line_items is not an id field, so it is expanded here rather than by the generic expander.
      return expandList(params).includes("line_items")
        ? { ...record.session, line_items: lineItemList(record) }
        : record.session;
    })
    .add("GET", "/v1/checkout/sessions/:id/line_items", ({ em, path }) => lineItemList(em.store.session(path.id ?? "")))
    .add("POST", "/v1/checkout/sessions/:id/expire", ({ em, request, path }) => {
      const record = em.store.session(path.id ?? "");
      expireSession(em, request, record);
      return record.session;
    });
}
