import { describe, expect, it } from "vitest";
import { requireStaff, requireUser, TwoFactorRequiredError, type Actor } from "@/lib/auth/authorize";
import { describeUserAgent } from "@/lib/auth/user-agent";
import { AppError } from "@/lib/errors";

const actor = (role: string, twoFactorEnabled: boolean): Actor => ({ id: "u1", email: "a@example.org", name: "A", role, sessionId: "s1", twoFactorEnabled });

const codeOf = (work: () => unknown) => {
  try {
    work();
    return "OK";
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
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

describe("describeUserAgent", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36", "Chrome on Linux"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1", "Safari on iOS"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Windows"],
    [null, "Unknown device"],
  ])("%s → %s", (ua, expected) => {
    expect(describeUserAgent(ua)).toBe(expected);
  });
});
