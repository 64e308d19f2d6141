import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/authorize";
import { mayReadOutbox } from "@/lib/notify/outbox-access";

const actor = (role: string, twoFactorEnabled = true): Actor => ({
  id: "u1",
  email: "a@example.com",
  name: "A",
  role,
  sessionId: "s1",
  twoFactorEnabled,
  authMethod: "TOTP",
  passkeyRequired: false,
});
const demo = { production: true, demoMode: true };

describe("who may read the development outbox", () => {
  it("nobody in a production build without DEMO_MODE, not even an admin on this machine", () => {
    expect(mayReadOutbox({ production: true, demoMode: false, ip: "127.0.0.1", actor: actor("ADMIN") })).toBe(false);
  });

  it("a client on this machine (loopback, IPv4 or IPv6) in development or demo mode", () => {
    expect(mayReadOutbox({ ...demo, ip: "127.0.0.1", actor: null })).toBe(true);
    expect(mayReadOutbox({ ...demo, ip: "127.3.2.1", actor: null })).toBe(true);
    expect(mayReadOutbox({ production: false, demoMode: false, ip: "::1", actor: null })).toBe(true);
  });

  it("not a client from the network, signed out or signed in as a shopper or reviewer", () => {
    for (const ip of ["203.0.113.7", "10.1.2.3", "192.168.1.5", "0.0.0.0", "::2"])
      expect(mayReadOutbox({ ...demo, ip, actor: null })).toBe(false);
    expect(mayReadOutbox({ ...demo, ip: "203.0.113.7", actor: actor("CUSTOMER") })).toBe(false);
    expect(mayReadOutbox({ ...demo, ip: "203.0.113.7", actor: actor("REVIEWER") })).toBe(false);
  });

  it("a signed-in admin with 2FA from the network; an admin without 2FA is refused", () => {
    expect(mayReadOutbox({ ...demo, ip: "203.0.113.7", actor: actor("ADMIN") })).toBe(true);
    expect(mayReadOutbox({ ...demo, ip: "203.0.113.7", actor: actor("ADMIN", false) })).toBe(false);
  });
});
