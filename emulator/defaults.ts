// Stripe's values for the fields of each object the emulator serves but does not model (a card
// payment in hosted Checkout, no customer, no Connect, no tax): what Stripe's test mode reports
// for such a payment. Spread first into each object literal; the literal's own fields win.
// Typed against emulator/types.ts, so a field the SDK adds or removes is a compile error there.
import type { CheckoutSession, Charge, Dispute, PaymentIntent, PaymentMethod, Refund } from "./types";

export const sessionDefaults = () =>
  ({
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    automatic_tax: {
      enabled: false,
      liability: null,
      provider: null,
      status: null,
    },
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: null,
    customer_account: null,
    customer_creation: "if_required",
    discounts: [],
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    managed_payments: null,
    mode: "payment",
    origin_context: null,
    payment_link: null,
    payment_method_collection: "if_required",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    subscription: null,
    ui_mode: "hosted_page",
    wallet_options: null,
  }) satisfies Partial<CheckoutSession>;

export const totalDetails = (): NonNullable<CheckoutSession["total_details"]> => ({
  amount_discount: 0,
  amount_shipping: 0,
  amount_tax: 0,
});

export const paymentIntentDefaults = () =>
  ({
    allowed_payment_method_types: null,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    customer: null,
    customer_account: null,
    excluded_payment_method_types: null,
    livemode: false,
    managed_payments: null,
    next_action: null,
    on_behalf_of: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: {
        installments: null,
        mandate_options: null,
        network: null,
        request_three_d_secure: "automatic",
      },
    },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    transfer_group: null,
  }) satisfies Partial<PaymentIntent>;

export const paymentMethodDefaults = () =>
  ({
    allow_redisplay: "unspecified",
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  }) satisfies Partial<PaymentMethod>;

export const chargeDefaults = () =>
  ({
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    calculated_statement_descriptor: "SECURE STORE",
    customer: null,
    failure_balance_transaction: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    receipt_number: null,
    receipt_url: null,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    transfer_data: null,
    transfer_group: null,
  }) satisfies Partial<Charge>;

export const refundDefaults = () =>
  ({
    balance_transaction: null,
    customer: null,
    customer_account: null,
    receipt_number: null,
    source_transfer_reversal: null,
    transfer_reversal: null,
  }) satisfies Partial<Refund>;

/** A dispute's evidence before the merchant submits any: every field null. */
export const emptyEvidence = (): Dispute["evidence"] => ({
  access_activity_log: null,
  billing_address: null,
  cancellation_policy: null,
  cancellation_policy_disclosure: null,
  cancellation_rebuttal: null,
  customer_communication: null,
  customer_email_address: null,
  customer_name: null,
  customer_purchase_ip: null,
  customer_signature: null,
  duplicate_charge_documentation: null,
  duplicate_charge_explanation: null,
  duplicate_charge_id: null,
  enhanced_evidence: {},
  product_description: null,
  receipt: null,
  refund_policy: null,
  refund_policy_disclosure: null,
  refund_refusal_explanation: null,
  service_date: null,
  service_documentation: null,
  shipping_address: null,
  shipping_carrier: null,
  shipping_date: null,
  shipping_documentation: null,
  shipping_tracking_number: null,
  uncategorized_file: null,
  uncategorized_text: null,
});

export const disputeDefaults = () =>
  ({
    balance_transactions: [],
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    intended_submission_method: null,
    livemode: false,
    metadata: {},
  }) satisfies Partial<Dispute>;
