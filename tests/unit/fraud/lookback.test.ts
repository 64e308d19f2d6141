import { describe, expect, it } from "vitest";

import { DEFAULT_RULES } from "@/lib/fraud/config";
import { historyQueries } from "@/lib/fraud/lookback";

import { AT, before, only } from "./facts";

describe("historyQueries", () => {
  it("covers the longest enabled window for each history list", () => {
    // card-many-orders: max(24 h, shared-card 720 h); customer-many-cards: 168 h.
    expect(historyQueries(DEFAULT_RULES, AT)).toEqual({ cardOrdersSince: before(720), customerCardsSince: before(168), guestIpCountries: true });
  });

  it("follows the configured windows", () => {
    const configs = DEFAULT_RULES.map((c) =>
      c.id === "card-many-orders" ? { ...c, thresholds: { ...c.thresholds, windowHours: 48, flagSharedCard: false } } : c.id === "customer-many-cards" ? { ...c, thresholds: { ...c.thresholds, windowHours: 12 } } : c,
    );
    expect(historyQueries(configs, AT)).toMatchObject({ cardOrdersSince: before(48), customerCardsSince: before(12) });
  });

  it("asks for nothing a disabled rule would read", () => {
    expect(historyQueries(only("shipping-billing-mismatch"), AT)).toEqual({ cardOrdersSince: null, customerCardsSince: null, guestIpCountries: false });
    expect(historyQueries(only("ip-country-mismatch", { thresholds: { includeGuests: false } }), AT).guestIpCountries).toBe(false);
    expect(historyQueries(only("ip-country-mismatch"), AT).guestIpCountries).toBe(true);
  });
});
