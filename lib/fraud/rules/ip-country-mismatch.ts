import { normalizeCountry } from "../normalize";
import { defineRule } from "../define-rule";
import { flagSetting } from "../rule-settings";
import type { RuleHit } from "../types";

// The order was placed from a different country than the customer usually is in. Travel and VPNs
// make this common, hence an ALERT by default. Silent when either country is unknown.
export const ipCountryMismatch = defineRule({
  id: "ip-country-mismatch",
  title: "IP country differs from the customer's country",
  weight: 20,
  settings: {
    includeGuests: flagSetting({
      label: "Check guests against their earlier orders",
      help: "Guests have no signup country: compare with the IP countries of their earlier orders.",
      default: true,
    }),
  },
  // HOLD by default: an order from another country than the account was opened in is the
  // classic account-takeover signal, and staff can lower it to ALERT on the rules page.
  defaults: { enabled: true, action: "HOLD" },
  needs: ({ includeGuests }) => ({ guestIpCountries: includeGuests }),
  evaluate({ order, customer, history }, { includeGuests }): RuleHit | null {
    const ipCountry = normalizeCountry(order.ipCountry);
    if (ipCountry === null) return null;

    if (customer) {
      const signupCountry = normalizeCountry(customer.signupCountry);
      if (signupCountry === null || signupCountry === ipCountry) return null;
      return {
        evidence: { ipCountry, signupCountry },
        message: `Order placed from an IP in ${ipCountry}, but the customer signed up from ${signupCountry}.`,
      };
    }

    if (!includeGuests) return null;
    const earlier = [...new Set(history.guestIpCountries.map(normalizeCountry))].filter((c): c is string => c !== null).sort();
    // A first-time guest has nothing to compare with.
    if (earlier.length === 0 || earlier.includes(ipCountry)) return null;
    return {
      evidence: { ipCountry, earlierOrderCountries: earlier },
      message: `Guest order placed from an IP in ${ipCountry}; earlier orders by this email came from ${earlier.join(", ")}.`,
    };
  },
});
