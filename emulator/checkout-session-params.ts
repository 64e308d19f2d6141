// Validation of POST /v1/checkout/sessions parameters, with Stripe's error messages and params.
import { DAY } from "./clock";
import { invalidRequest, paramError, resourceMissing } from "./errors";
import type { FormObject } from "./form-encoding";
import { minimumAmount } from "./money";
import {
  asObject,
  assertKnown,
  isValidUrl,
  optionalEnum,
  optionalInteger,
  optionalMetadata,
  optionalObject,
  optionalString,
  requiredArray,
  requiredInteger,
  requiredString,
  type Metadata,
} from "./params";
import { parseShippingOptions, type ShippingOptionInput } from "./shipping-rates";
import type { Emulator } from "./context";
import type { CaptureMethod, TaxRate } from "./types";

interface LineItemInput {
  name: string;
  description: string | null;
  currency: string;
  unitAmount: number;
  quantity: number;
  taxRates: TaxRate[];
}

export interface SessionInput {
  lineItems: LineItemInput[];
  shippingOptions: ShippingOptionInput[];
  currency: string;
  successUrl: string;
  cancelUrl: string | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  metadata: Metadata;
  billingAddressCollection: "auto" | "required" | null;
  expiresAt: number;
  locale: string | null;
  submitType: string | null;
  intent: {
    captureMethod: CaptureMethod;
    metadata: Metadata;
    description: string | null;
    receiptEmail: string | null;
  };
}

const TOP_LEVEL = [
  "mode",
  "line_items",
  "success_url",
  "cancel_url",
  "customer_email",
  "client_reference_id",
  "metadata",
  "payment_intent_data",
  "billing_address_collection",
  "expires_at",
  "payment_method_types",
  "locale",
  "submit_type",
  "ui_mode",
  "expand",
  "shipping_options",
] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `line_items[i][tax_rates]`: ids of active Tax Rates (Stripe's manual tax rates), at most 5. */
function parseTaxRates(em: Emulator, item: FormObject, path: string): TaxRate[] {
  const raw = item.tax_rates;
  if (raw === undefined || raw === "") return [];
  if (!Array.isArray(raw) || raw.length > 5 || raw.some((id) => typeof id !== "string"))
    throw paramError(
      "parameter_invalid",
      `Invalid array: ${path}[tax_rates] takes up to 5 tax rate ids.`,
      `${path}[tax_rates]`,
    );
  return raw.map((id, i) => {
    const rate = em.store.taxRate(id as string, `${path}[tax_rates][${i}]`);
    if (!rate.active)
      throw invalidRequest(`Tax rate ${rate.id} is inactive and cannot be applied.`, {
        param: `${path}[tax_rates][${i}]`,
      });
    return rate;
  });
}

function parseLineItem(em: Emulator, raw: unknown, index: number): LineItemInput {
  const path = `line_items[${index}]`;
  const item = asObject(raw as FormObject, path);
  assertKnown(item, ["price_data", "quantity", "price", "tax_rates"], path);
  const priceId = optionalString(item, "price", path);
  if (priceId) throw resourceMissing("price", priceId, `${path}[price]`);
  const priceData = optionalObject(item, "price_data", path);
  if (!priceData)
    throw paramError(
      "parameter_missing",
      `You must specify either \`price\` or \`price_data\` for each line item (${path}).`,
      `${path}[price_data]`,
    );
  const pricePath = `${path}[price_data]`;
  assertKnown(priceData, ["currency", "unit_amount", "product_data", "tax_behavior"], pricePath);
  const currency = requiredString(priceData, "currency", pricePath).toLowerCase();
  if (!/^[a-z]{3}$/.test(currency))
    throw paramError("parameter_invalid", `Invalid currency: ${currency}`, `${pricePath}[currency]`);
  const unitAmount = requiredInteger(priceData, "unit_amount", pricePath, 0);
  const productData = optionalObject(priceData, "product_data", pricePath);
  if (!productData)
    throw paramError(
      "parameter_missing",
      `Missing required param: ${pricePath}[product_data].`,
      `${pricePath}[product_data]`,
    );
  const productPath = `${pricePath}[product_data]`;
  assertKnown(productData, ["name", "description", "images", "metadata"], productPath);
  optionalMetadata(productData, "metadata", productPath);
  return {
    name: requiredString(productData, "name", productPath),
    description: optionalString(productData, "description", productPath) ?? null,
    currency,
    unitAmount,
    quantity: requiredInteger(item, "quantity", path, 1),
    taxRates: parseTaxRates(em, item, path),
  };
}

function parseIntentData(params: FormObject): SessionInput["intent"] {
  const data = optionalObject(params, "payment_intent_data") ?? {};
  const path = "payment_intent_data";
  assertKnown(data, ["capture_method", "metadata", "description", "receipt_email"], path);
  return {
    captureMethod:
      optionalEnum(data, "capture_method", ["automatic", "automatic_async", "manual"] as const, path) ??
      "automatic_async",
    metadata: optionalMetadata(data, "metadata", path) ?? {},
    description: optionalString(data, "description", path) ?? null,
    receiptEmail: optionalString(data, "receipt_email", path) ?? null,
  };
}

export function parseSessionParams(params: FormObject, em: Emulator): SessionInput {
  const now = em.clock.now();
  assertKnown(params, TOP_LEVEL);
  const mode = requiredString(params, "mode");
  if (mode !== "payment")
    throw invalidRequest(`The Stripe emulator supports only mode=payment (got ${mode}).`, { param: "mode" });
  const uiMode = optionalString(params, "ui_mode");
  if (uiMode && uiMode !== "hosted" && uiMode !== "hosted_page")
    throw invalidRequest("The Stripe emulator supports only ui_mode=hosted.", {
      param: "ui_mode",
    });
  const methodTypes = params.payment_method_types;
  if (methodTypes !== undefined && (!Array.isArray(methodTypes) || methodTypes.some((t) => t !== "card"))) {
    throw invalidRequest("The Stripe emulator supports only payment_method_types[]=card.", {
      param: "payment_method_types",
    });
  }

  const rawItems = requiredArray(params, "line_items");
  if (rawItems.length > 100)
    throw invalidRequest("You can pass up to 100 line items.", {
      param: "line_items",
    });
  const lineItems = rawItems.map((raw, i) => parseLineItem(em, raw, i));
  const currency = lineItems[0]?.currency ?? "usd";
  lineItems.forEach((item, i) => {
    if (item.currency !== currency)
      throw invalidRequest("Line items must all have the same currency.", {
        param: `line_items[${i}][price_data][currency]`,
      });
  });
  const total = lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  if (total < minimumAmount(currency)) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${minimumAmount(currency)} ${currency} minor units.`,
      { param: "line_items" },
    );
  }

  const successUrl = requiredString(params, "success_url");
  if (!isValidUrl(successUrl))
    throw invalidRequest("Not a valid URL", {
      code: "url_invalid",
      param: "success_url",
    });
  const cancelUrl = optionalString(params, "cancel_url") || null;
  if (cancelUrl !== null && !isValidUrl(cancelUrl))
    throw invalidRequest("Not a valid URL", {
      code: "url_invalid",
      param: "cancel_url",
    });

  const customerEmail = optionalString(params, "customer_email") || null;
  if (customerEmail !== null && !EMAIL.test(customerEmail))
    throw invalidRequest(`Invalid email address: ${customerEmail}`, {
      code: "email_invalid",
      param: "customer_email",
    });
  const clientReferenceId = optionalString(params, "client_reference_id") || null;
  if (clientReferenceId !== null && clientReferenceId.length > 200)
    throw invalidRequest("client_reference_id can be at most 200 characters.", {
      param: "client_reference_id",
    });

  const expiresAt = optionalInteger(params, "expires_at") ?? now + DAY;
  if (expiresAt < now + 30 * 60)
    throw invalidRequest("The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.", {
      param: "expires_at",
    });
  if (expiresAt > now + DAY)
    throw invalidRequest("The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.", {
      param: "expires_at",
    });

  return {
    lineItems,
    shippingOptions: parseShippingOptions(params.shipping_options, currency, em),
    currency,
    successUrl,
    cancelUrl,
    customerEmail,
    clientReferenceId,
    metadata: optionalMetadata(params) ?? {},
    billingAddressCollection: optionalEnum(params, "billing_address_collection", ["auto", "required"] as const) ?? null,
    expiresAt,
    locale: optionalString(params, "locale") || null,
    submitType: optionalEnum(params, "submit_type", ["auto", "book", "donate", "pay"] as const) ?? null,
    intent: parseIntentData(params),
  };
}
