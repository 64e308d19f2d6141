import { describe, expect, it } from "vitest";

import { normalizeEmail } from "@/lib/fraud/normalize";

describe("normalizeEmail", () => {
  it("lower-cases and trims", () => {
    expect(normalizeEmail("  Alice.Martin@Example.COM ")).toBe("alice.martin@example.com");
  });

  it("drops a +tag on any provider", () => {
    expect(normalizeEmail("alice+shop@example.com")).toBe("alice@example.com");
    expect(normalizeEmail("alice+a+b@example.com")).toBe("alice@example.com");
  });

  it("drops dots in the local part only where the provider ignores them", () => {
    expect(normalizeEmail("A.L.I.C.E@gmail.com")).toBe("alice@gmail.com");
    expect(normalizeEmail("a.lice+test@googlemail.com")).toBe("alice@gmail.com");
    // Elsewhere a dot makes a different mailbox.
    expect(normalizeEmail("a.lice@example.com")).toBe("a.lice@example.com");
    expect(normalizeEmail("a.lice@gmail.com.example")).toBe("a.lice@gmail.com.example");
  });

  it("keeps what is not a plain address as it is, and returns null for nothing", () => {
    expect(normalizeEmail("+tag@example.com")).toBe("+tag@example.com");
    expect(normalizeEmail("no-at-sign")).toBe("no-at-sign");
    expect(normalizeEmail("alice@")).toBe("alice@");
    expect(normalizeEmail("   ")).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
    expect(normalizeEmail(undefined)).toBeNull();
  });
});
