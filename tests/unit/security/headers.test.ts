import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from "@/lib/security/headers";

describe("security headers", () => {
  it("builds a strict nonce CSP without unsafe-* in production", () => {
    const csp = contentSecurityPolicy("abc123", {
      production: true,
      https: true,
      checkoutOrigin: "https://checkout.stripe.com",
    });
    expect(csp).toContain("script-src 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toMatch(/unsafe/);
    expect(csp).toContain("form-action 'self' https://checkout.stripe.com");
    expect(csp).toContain("upgrade-insecure-requests");
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(d);
  });

  it("allows eval only in development and upgrades only on https", () => {
    const dev = contentSecurityPolicy("n", {
      production: false,
      https: false,
      checkoutOrigin: "http://localhost:12111",
    });
    expect(dev).toContain("'unsafe-eval'");
    expect(dev).not.toContain("upgrade-insecure-requests");
  });

  it("sends HSTS only in production", () => {
    expect(staticSecurityHeaders({ production: true })["Strict-Transport-Security"]).toMatch(/max-age=63072000/);
    expect(staticSecurityHeaders({ production: false })["Strict-Transport-Security"]).toBeUndefined();
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const a = newNonce();
    expect(atob(a)).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
