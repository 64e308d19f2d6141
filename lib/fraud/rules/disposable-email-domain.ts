import { defineRule } from "../define-rule";
import { normalizeEmail } from "../normalize";
import { choiceSetting, domainItem, flagSetting, listSetting } from "../rule-settings";
import type { RuleHit } from "../types";

// Well-known throwaway-mail services. Deliberately short: a long list goes stale and flags real
// customers; a store adds the domains it actually sees in the "Extra domains" setting.
const BUILT_IN = [
  "10minutemail.com",
  "discard.email",
  "dispostable.com",
  "fakeinbox.com",
  "getnada.com",
  "guerrillamail.com",
  "maildrop.cc",
  "mailinator.com",
  "sharklasers.com",
  "temp-mail.org",
  "throwawaymail.com",
  "trashmail.com",
  "yopmail.com",
];

// "a@mail.mailinator.com" → the listed domain it belongs to ("mailinator.com"), or null.
function listedDomain(email: string | null, domains: readonly string[]): string | null {
  const host = email?.split("@").pop()?.replace(/\.$/, "") ?? "";
  return domains.find((d) => host === d || host.endsWith(`.${d}`)) ?? null;
}

// An order placed with a throwaway address: the customer cannot be reached later, which is what
// a fraudster wants. Shipped disabled and as an ALERT, so it changes nothing until an admin
// turns it on; it is also the worked example in docs/forking.md ("Add a fraud rule").
export const disposableEmailDomain = defineRule({
  id: "disposable-email-domain",
  title: "Email address from a throwaway-mail service",
  weight: 10,
  settings: {
    extraDomains: listSetting({
      label: "Extra domains",
      help: "Added to the built-in list of throwaway-mail services; their subdomains match too.",
      item: domainItem,
    }),
    useBuiltInList: flagSetting({
      label: "Use the built-in list",
      help: `${BUILT_IN.length} well-known services, e.g. mailinator.com.`,
      default: true,
    }),
    check: choiceSetting({
      label: "Addresses to check",
      options: [
        { value: "order", label: "The order's email" },
        { value: "order-and-billing", label: "The order's and the card's billing email" },
      ],
      default: "order-and-billing",
    }),
  },
  defaults: { enabled: false, action: "ALERT" },
  evaluate({ order }, { extraDomains, useBuiltInList, check }): RuleHit | null {
    const domains = [...extraDomains, ...(useBuiltInList ? BUILT_IN : [])];
    const emails = check === "order" ? [order.email] : [order.email, order.billing?.email ?? null];
    for (const email of emails.map(normalizeEmail)) {
      const domain = listedDomain(email, domains);
      if (!email || !domain) continue;
      return {
        evidence: { email, domain, list: extraDomains.includes(domain) ? "extra" : "built-in" },
        message: `The email ${email} uses ${domain}, a throwaway-mail service.`,
      };
    }
    return null;
  },
});
