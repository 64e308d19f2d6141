import { describe, expect, it } from "vitest";

import { DEFAULT_RULES } from "@/lib/fraud/config";
import { historyQueries } from "@/lib/fraud/lookback";

import { AT, before, only } from "./facts";

describe("historyQueries", () => {
  it("covers the longest enabled window for each history list", () => {
    // card-many-orders: max(24 h, shared-card 720 h); customer cards: a year for
    // ip-country-mismatch's known card (customer-many-cards needs 168 h); attempts: 720 h for
    // card-many-orders (declines-before-success needs 24 h).
    expect(historyQueries(DEFAULT_RULES, AT)).toEqual({
      cardOrdersSince: before(720),
      customerCardsSince: before(8760),
      guestIpCountries: true,
      attemptsSince: before(720),
    });
    // Attempt windows end when the payment was assessed, not when the order was created.
    expect(historyQueries(DEFAULT_RULES, before(2), AT).attemptsSince).toEqual(before(720));
  });

  it("follows the configured windows", () => {
    const configs = DEFAULT_RULES.map((c) =>
      c.id === "card-many-orders"
        ? { ...c, thresholds: { ...c.thresholds, windowHours: 48, flagSharedCard: false } }
        : c.id === "customer-many-cards"
          ? { ...c, thresholds: { ...c.thresholds, windowHours: 12 } }
          : c.id === "ip-country-mismatch"
            ? { ...c, thresholds: { ...c.thresholds, trustKnownCard: false } }
            : c,
    );
    expect(historyQueries(configs, AT)).toMatchObject({
      cardOrdersSince: before(48),
      customerCardsSince: before(12),
      attemptsSince: before(48),
    });
  });

  it("asks for nothing a disabled rule would read", () => {
    expect(historyQueries(only("shipping-billing-mismatch"), AT)).toEqual({
      cardOrdersSince: null,
      customerCardsSince: null,
      guestIpCountries: false,
      attemptsSince: null,
    });
    expect(historyQueries(only("declines-before-success"), AT)).toMatchObject({
      cardOrdersSince: null,
      attemptsSince: before(24),
    });
    expect(
      historyQueries(only("ip-country-mismatch", { thresholds: { includeGuests: false } }), AT).guestIpCountries,
    ).toBe(false);
    expect(historyQueries(only("ip-country-mismatch"), AT).guestIpCountries).toBe(true);
  });
});
