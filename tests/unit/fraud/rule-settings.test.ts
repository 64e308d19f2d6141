import { describe, expect, it } from "vitest";
import { z } from "zod";

import { defineRule } from "@/lib/fraud/define-rule";
import {
  binItem,
  choiceSetting,
  countryItem,
  domainItem,
  flagSetting,
  hoursSetting,
  listItem,
  listSetting,
  numberSetting,
  settingSchema,
} from "@/lib/fraud/rule-settings";

// Each kind of setting a rule can declare: how a form's text and a stored value are read, and
// the one-sentence error that names the setting (and, for lists, the bad item).
const message = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? null : result.error.issues[0]?.message;
};

describe("numberSetting", () => {
  const limit = settingSchema(numberSetting({ label: "Largest total", unit: "cents", min: 1, max: 500, default: 100 }));
  it("reads numbers and form text, whole numbers within bounds only, labelled with its unit", () => {
    expect(limit.parse(" 250 ")).toBe(250);
    expect(limit.parse(500)).toBe(500);
    for (const bad of ["", "0", "501", "2.5", "ten", null])
      expect(message(limit, bad)).toBe("Largest total (cents) must be a whole number from 1 to 500.");
  });
  it("hoursSetting is a number of hours from 1", () => {
    expect(hoursSetting({ label: "Window", default: 24 })).toMatchObject({
      kind: "number",
      unit: "hours",
      min: 1,
      max: 720,
    });
  });
});

describe("flagSetting", () => {
  const flag = settingSchema(flagSetting({ label: "Compare postal codes", default: false }));
  it("reads on/off words and booleans", () => {
    expect(["on", "true", "yes", "1", true].map((v) => flag.parse(v))).toEqual([true, true, true, true, true]);
    expect(["off", "FALSE", "no", "0", false].map((v) => flag.parse(v))).toEqual([false, false, false, false, false]);
    expect(message(flag, "maybe")).toBe("Compare postal codes must be on or off.");
  });
});

describe("choiceSetting", () => {
  const choice = settingSchema(
    choiceSetting({
      label: "Addresses",
      options: [
        { value: "order", label: "Order email" },
        { value: "both", label: "Both emails" },
      ],
      default: "order",
    }),
  );
  it("accepts only a declared value and lists the options otherwise", () => {
    expect(choice.parse("both")).toBe("both");
    expect(message(choice, "all")).toBe("Addresses must be one of: Order email; Both emails.");
  });
});

describe("listSetting", () => {
  const domains = settingSchema(listSetting({ label: "Extra domains", item: domainItem, maxItems: 3 }));
  it("reads one item per line (or comma), trims, drops blanks and repeats, normalizes each item", () => {
    expect(domains.parse("Burner.Example\r\n\n  @spam.example. , burner.example")).toEqual([
      "burner.example",
      "spam.example",
    ]);
    expect(domains.parse("")).toEqual([]);
    // Stored values are arrays.
    expect(domains.parse(["a.example", "xn--bcher-kva.example"])).toEqual(["a.example", "xn--bcher-kva.example"]);
  });
  it("names the first bad item and the kind of item expected", () => {
    expect(message(domains, "ok.example\nhttp://evil.example/")).toBe(
      'Extra domains: "http://evil.example/" is not a domain name (for example example.com).',
    );
    expect(message(domains, "-bad.example")).toBe(
      'Extra domains: "-bad.example" is not a domain name (for example example.com).',
    );
    expect(message(domains, "localhost")).toContain('"localhost" is not a domain name');
    expect(message(domains, `${"a".repeat(300)}.com`)).toMatch(/^Extra domains: "a{57}…" is not a domain name/);
    expect(message(domains, ["ok.example", 42])).toBe("Extra domains must be a list of text items.");
    expect(message(domains, 42)).toBe("Extra domains must be a list, one domain name per line.");
  });
  it("enforces its item limit", () => {
    expect(message(domains, "a.example\nb.example\nc.example\nd.example")).toBe(
      "Extra domains can hold at most 3 items (4 given).",
    );
  });
  it("ships item types for countries and card BINs, and takes a fork's own", () => {
    const countries = settingSchema(listSetting({ label: "Countries", item: countryItem }));
    expect(countries.parse("gb\nUS")).toEqual(["GB", "US"]);
    expect(message(countries, "GBR")).toBe('Countries: "GBR" is not a two-letter country code (for example GB).');
    const bins = settingSchema(listSetting({ label: "BINs", item: binItem }));
    expect(bins.parse("4242 42\n40000566")).toEqual(["424242", "40000566"]);
    expect(message(bins, "4242")).toBe('BINs: "4242" is not a card BIN of 6 to 8 digits (for example 424242).');
    const emails = settingSchema(
      listSetting({
        label: "VIP emails",
        item: listItem("email address", "ada@example.com", z.string().toLowerCase().pipe(z.email())),
      }),
    );
    expect(emails.parse("Ada@Example.com")).toEqual(["ada@example.com"]);
    expect(message(emails, "ada@")).toBe('VIP emails: "ada@" is not an email address (for example ada@example.com).');
  });
});

describe("defineRule", () => {
  const rule = defineRule({
    id: "test-rule",
    title: "A test rule",
    weight: 1,
    settings: {
      min: numberSetting({ label: "Min", min: 1, max: 9, default: 2 }),
      countries: listSetting({ label: "Countries", item: countryItem, default: ["GB"] }),
    },
    defaults: { enabled: true, action: "ALERT" },
    evaluate: (_facts, { min, countries }) =>
      countries.length >= min ? { evidence: { countries }, message: "Fired." } : null,
  });
  it("derives the defaults and a strict schema from the declared settings", () => {
    expect(rule.defaults).toEqual({ enabled: true, action: "ALERT", thresholds: { min: 2, countries: ["GB"] } });
    expect(rule.schema.parse({ min: "3", countries: "fr\nde" })).toEqual({ min: 3, countries: ["FR", "DE"] });
    expect(message(rule.schema, { min: 3, countries: "", minimum: 3 })).toBe("Unknown setting: minimum.");
    expect(message(rule.schema, { min: 3 })).toBe("Countries must be a list, one two-letter country code per line.");
  });
});
