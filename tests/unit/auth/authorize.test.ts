import { describe, expect, it } from "vitest";
import {
  PasskeyRequiredError,
  requirePermission,
  requireStaff,
  requireUser,
  TwoFactorRequiredError,
  type Actor,
} from "@/lib/auth/authorize";
import { describeUserAgent } from "@/lib/auth/user-agent";
import { AppError } from "@/lib/errors";

const actor = (role: string, twoFactorEnabled: boolean): Actor => ({
  id: "u1",
  email: "a@example.org",
  name: "A",
  role,
  sessionId: "s1",
  twoFactorEnabled,
  authMethod: null,
  passkeyRequired: false,
});

const codeOf = (work: () => unknown) => {
  try {
    work();
    return "OK";
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    if (error instanceof PasskeyRequiredError) return "PASSKEY";
    return error instanceof TwoFactorRequiredError ? "2FA" : (error as AppError).code;
  }
};

describe("requireStaff", () => {
  it.each([
    [null, undefined, "UNAUTHENTICATED"],
    [actor("CUSTOMER", true), undefined, "FORBIDDEN"],
    [actor("ADMIN", false), undefined, "2FA"],
    [actor("REVIEWER", false), undefined, "2FA"],
    [actor("ADMIN", true), undefined, "OK"],
    [actor("REVIEWER", true), undefined, "OK"],
    [actor("REVIEWER", true), ["ADMIN"] as const, "FORBIDDEN"],
    [actor("admin", true), undefined, "FORBIDDEN"],
  ])("%j with roles %j → %s", (who, roles, expected) => {
    expect(codeOf(() => requireStaff(who, roles))).toBe(expected);
  });

  it("requireUser refuses nobody but the signed-out", () => {
    expect(codeOf(() => requireUser(null))).toBe("UNAUTHENTICATED");
    expect(requireUser(actor("CUSTOMER", false)).id).toBe("u1");
  });
});

describe("STAFF_REQUIRE_PASSKEY (passkeyRequired on the actor)", () => {
  const signedInWith = (role: string, authMethod: string | null, passkeyRequired = true): Actor => ({
    ...actor(role, true),
    authMethod,
    passkeyRequired,
  });

  it.each([
    ["TOTP", "PASSKEY"],
    ["RECOVERY_CODE", "PASSKEY"],
    ["PASSWORD", "PASSKEY"],
    [null, "PASSKEY"],
    ["PASSKEY", "OK"],
  ])("staff signed in with %s → %s, in requireStaff and requirePermission", (method, expected) => {
    expect(codeOf(() => requireStaff(signedInWith("ADMIN", method)))).toBe(expected);
    expect(codeOf(() => requirePermission(signedInWith("ADMIN", method), "orders.view"))).toBe(expected);
  });

  it("without the setting a TOTP session is enough, and customers are not affected", () => {
    expect(codeOf(() => requirePermission(signedInWith("REVIEWER", "TOTP", false), "orders.view"))).toBe("OK");
    expect(codeOf(() => requirePermission(signedInWith("CUSTOMER", "TOTP"), "orders.view"))).toBe("NOT_FOUND");
  });
});

describe("describeUserAgent", () => {
  it.each([
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
      "Chrome on Linux",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1",
      "Safari on iOS",
    ],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Windows"],
    [null, "Unknown device"],
  ])("%s → %s", (ua, expected) => {
    expect(describeUserAgent(ua)).toBe(expected);
  });
});
