import { describe, expect, it } from "vitest";

import { DEFAULT_RULES, evaluateRules, parseRuleConfig, resolveRuleConfigs } from "@/lib/fraud";
import { RULES } from "@/lib/fraud/rules";
import type { AppError } from "@/lib/errors";

import { guestFacts, makeFacts, only, runRule } from "./facts";

// The worked example in docs/forking.md ("Add a fraud rule"): a rule with a list setting.
const run = (email: string, settings = {}, billingEmail: string | null = null) =>
  runRule("disposable-email-domain", guestFacts({ order: { email }, billing: { email: billingEmail } }), settings);

describe("disposable-email-domain", () => {
  it("fires on a built-in throwaway domain and its subdomains, with the address as evidence", () => {
    const hit = run("Someone@Mailinator.com");
    expect(hit?.evidence).toEqual({ email: "someone@mailinator.com", domain: "mailinator.com", list: "built-in" });
    expect(hit?.message).toBe("The email someone@mailinator.com uses mailinator.com, a throwaway-mail service.");
    expect(run("x@eu.mailinator.com")?.evidence).toMatchObject({ domain: "mailinator.com" });
  });

  it("stays silent for ordinary domains and look-alikes", () => {
    expect(run("ada@example.com")).toBeNull();
    expect(run("ada@notmailinator.com")).toBeNull();
    expect(run("ada@mailinator.com.example.org")).toBeNull();
  });

  it("adds the admin's extra domains, and can drop the built-in list", () => {
    expect(run("a@burner.example", { extraDomains: ["burner.example"] })?.evidence).toMatchObject({
      domain: "burner.example",
      list: "extra",
    });
    expect(run("a@mailinator.com", { useBuiltInList: false })).toBeNull();
    expect(run("a@burner.example", { useBuiltInList: false, extraDomains: ["burner.example"] })).not.toBeNull();
  });

  it("checks the billing email unless told to check the order's email only", () => {
    expect(run("ada@example.com", {}, "card@yopmail.com")?.evidence).toMatchObject({ email: "card@yopmail.com" });
    expect(run("ada@example.com", { check: "order" }, "card@yopmail.com")).toBeNull();
  });

  it("ships disabled as an ALERT, so it changes nothing until an admin turns it on", () => {
    expect(RULES["disposable-email-domain"].defaults).toMatchObject({ enabled: false, action: "ALERT" });
    expect(evaluateRules(makeFacts({ order: { email: "a@mailinator.com" } }), DEFAULT_RULES).results).toEqual([]);
    const outcome = evaluateRules(makeFacts({ order: { email: "a@mailinator.com" } }), only("disposable-email-domain"));
    expect(outcome).toMatchObject({
      hold: false,
      results: [{ rule: "disposable-email-domain", action: "ALERT", points: 10 }],
    });
  });

  it("takes the extra domains from a form's textarea, one per line, and names a bad line", () => {
    const form = {
      id: "disposable-email-domain",
      enabled: "on",
      action: "HOLD",
      thresholds: {
        extraDomains: "Burner.example\n\n @spam.example \nburner.example",
        useBuiltInList: "off",
        check: "order",
      },
    };
    expect(parseRuleConfig(form).thresholds).toEqual({
      extraDomains: ["burner.example", "spam.example"],
      useBuiltInList: false,
      check: "order",
    });
    const error = (() => {
      try {
        parseRuleConfig({ ...form, thresholds: { ...form.thresholds, extraDomains: "burner.example\nnot a domain" } });
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(error?.fields).toEqual({
      "thresholds.extraDomains": 'Extra domains: "not a domain" is not a domain name (for example example.com).',
    });
  });

  it("runs with the domains an admin saved", () => {
    const { rules } = resolveRuleConfigs([
      {
        id: "disposable-email-domain",
        enabled: true,
        action: "HOLD",
        thresholds: { extraDomains: ["burner.example"] },
      },
    ]);
    const resolved = rules.find((r) => r.rule.id === "disposable-email-domain");
    expect(resolved?.thresholds).toEqual({
      extraDomains: ["burner.example"],
      useBuiltInList: true,
      check: "order-and-billing",
    });
  });
});
