import { normalizeCountry, normalizePostalCode } from "../normalize";
import { defineRule } from "../define-rule";
import { flagSetting } from "../rule-settings";
import type { Evidence, RuleHit } from "../types";

// Goods shipped somewhere other than where the card is billed: normal for some gifts, typical for
// stolen cards, so it holds by default for a person to look at. Postal codes are off by default because a different street in the same country
// is too common to be a useful signal for most stores.
export const shippingBillingMismatch = defineRule({
  id: "shipping-billing-mismatch",
  title: "Shipping and billing addresses differ",
  weight: 10,
  settings: {
    comparePostalCodes: flagSetting({
      label: "Compare postal codes",
      help: "Also fire when the country matches but the postal codes differ.",
      default: false,
    }),
  },
  defaults: { enabled: true, action: "HOLD" },
  evaluate({ order }, { comparePostalCodes }): RuleHit | null {
    const { shipping, billing } = order;
    if (!billing) return null;

    const shippingCountry = normalizeCountry(shipping.country);
    const billingCountry = normalizeCountry(billing.country);
    const countryDiffers = shippingCountry !== null && billingCountry !== null && shippingCountry !== billingCountry;

    const shippingPostal = normalizePostalCode(shipping.postalCode);
    const billingPostal = normalizePostalCode(billing.postalCode);
    const postalDiffers =
      comparePostalCodes && shippingPostal !== null && billingPostal !== null && shippingPostal !== billingPostal;

    if (!countryDiffers && !postalDiffers) return null;
    const evidence: Evidence = {
      differs: [...(countryDiffers ? ["country"] : []), ...(postalDiffers ? ["postalCode"] : [])],
      shippingCountry,
      billingCountry,
    };
    if (comparePostalCodes)
      Object.assign(evidence, { shippingPostalCode: shippingPostal, billingPostalCode: billingPostal });
    const message = countryDiffers
      ? `Shipping country ${shippingCountry} differs from billing country ${billingCountry}${postalDiffers ? ", and so do the postal codes" : ""}.`
      : `Shipping postal code ${shippingPostal} differs from billing postal code ${billingPostal}.`;
    return { evidence, message };
  },
});
