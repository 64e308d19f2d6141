import { describe, expect, it } from "vitest";
import {
  CHECKOUT_LIMIT_DEFAULTS,
  createCheckoutLimits,
  networkKeys,
  parseCheckoutLimits,
  refusalMessage,
} from "@/lib/checkout/start-limits";
import { createLimiterStore } from "@/lib/rate-limit";

describe("checkout start limits", () => {
  it("parses CHECKOUT_LIMITS overrides and keeps the other defaults", () => {
    expect(parseCheckoutLimits(undefined)).toEqual(CHECKOUT_LIMIT_DEFAULTS);
    expect(parseCheckoutLimits("")).toEqual(CHECKOUT_LIMIT_DEFAULTS);
    expect(parseCheckoutLimits(" address=40/15m, store=1200/1m ,account=5/2h,cart=3/30s")).toEqual({
      ...CHECKOUT_LIMIT_DEFAULTS,
      address: { points: 40, durationSec: 900 },
      store: { points: 1200, durationSec: 60 },
      account: { points: 5, durationSec: 7200 },
      cart: { points: 3, durationSec: 30 },
    });
  });

  it.each([
    "address=40",
    "ip=4/1m",
    "address=0/1m",
    "address=4/0m",
    "address=-1/1m",
    "address=4/1d",
    "address=4/200h",
    "store=1e3/1m",
  ])("refuses CHECKOUT_LIMITS %j", (spec) => {
    expect(() => parseCheckoutLimits(spec)).toThrow(/CHECKOUT_LIMITS/);
  });

  it("keys an address and its /24 or /64, and nothing for an unknown address", () => {
    expect(networkKeys("81.2.69.142")).toEqual({ address: "81.2.69.142", network: "81.2.69.0/24" });
    expect(networkKeys("::ffff:81.2.69.142")).toEqual({ address: "81.2.69.142", network: "81.2.69.0/24" });
    expect(networkKeys("2001:DB8:1:2:3:4:5:6")).toEqual({
      address: "2001:db8:1:2:3:4:5:6",
      network: "2001:db8:1:2::/64",
    });
    expect(networkKeys(null)).toBeNull();
    expect(networkKeys("unknown")).toBeNull();
  });

  it("words the refusal with the wait", () => {
    expect(refusalMessage({ allowed: false, limit: "address", retryAfterSec: 20 })).toMatch(/wait a minute/);
    expect(refusalMessage({ allowed: false, limit: "cart", retryAfterSec: 601 })).toMatch(/wait 11 minutes/);
    expect(refusalMessage({ allowed: false, limit: "email", retryAfterSec: 3600 })).toMatch(/wait 1 hour and/);
    expect(refusalMessage({ allowed: false, limit: "email", retryAfterSec: 7000 })).toMatch(/wait 2 hours/);
    expect(refusalMessage({ allowed: false, limit: "store", retryAfterSec: 30 })).toMatch(
      /unusually high number of checkouts/,
    );
  });

  it("limits one account, and says which limit refused", async () => {
    const roomy = { points: 100, durationSec: 60 };
    const limits = createCheckoutLimits(createLimiterStore({ keyPrefix: "unit" }), {
      address: roomy,
      network: roomy,
      cart: roomy,
      email: roomy,
      store: roomy,
      account: { points: 2, durationSec: 3600 },
    });
    const client = (n: number) => ({
      ip: `192.0.2.${n}`,
      cartToken: `cart-${n}`,
      email: `a${n}@example.com`,
      userId: "user-1",
    });
    expect(await limits.consume(client(1))).toEqual({ allowed: true });
    expect(await limits.consume(client(2))).toEqual({ allowed: true });
    expect(await limits.consume(client(3))).toMatchObject({ allowed: false, limit: "account" });
    expect(await limits.consume({ ...client(4), userId: "user-2" })).toEqual({ allowed: true });
    await expect(limits.enforce(client(5))).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });
});
