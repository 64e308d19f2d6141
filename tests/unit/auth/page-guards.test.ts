import { describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));
const { safeNext } = await import("@/lib/auth/page-guards");
const { cookieFromHeader } = await import("@/lib/auth/cookies");

describe("safeNext (no open redirect after sign-in)", () => {
  it.each([
    ["/account/security", "/account/security"],
    ["/admin?tab=orders", "/admin?tab=orders"],
    ["//evil.example/", "/account"],
    ["/\\evil.example", "/account"],
    ["https://evil.example/", "/account"],
    ["javascript:alert(1)", "/account"],
    [undefined, "/account"],
    [["/a", "/b"], "/account"],
  ])("%j → %s", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe("cookieFromHeader", () => {
  it("reads one cookie by exact name", () => {
    expect(cookieFromHeader("a=1; __Host-signin=tok%2Den; signin=x", "__Host-signin")).toBe("tok-en");
    expect(cookieFromHeader("xsignin=1", "signin")).toBeUndefined();
    expect(cookieFromHeader(undefined, "signin")).toBeUndefined();
    expect(cookieFromHeader("signin=%E0%A4%A", "signin")).toBeUndefined();
  });
});
