import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { hashKey, ipBucketKey } from "@/lib/rate-limit/keys";

describe("hashKey", () => {
  it("is SHA-256 hex of the trimmed, NFC, lower-cased key", () => {
    const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
    expect(hashKey("user@example.com")).toBe(sha("user@example.com"));
    expect(hashKey("  User@Example.COM\n")).toBe(sha("user@example.com"));
    expect(hashKey("Jose\u0301@example.com")).toBe(hashKey("Jos\u00e9@example.com"));
    expect(hashKey("a@example.com")).not.toBe(hashKey("b@example.com"));
  });

  it("refuses an empty key rather than putting everyone in one bucket", () => {
    expect(() => hashKey("")).toThrow(TypeError);
    expect(() => hashKey(" \t ")).toThrow(TypeError);
  });
});

describe("ipBucketKey", () => {
  it("is per address for IPv4, including IPv4-mapped IPv6", () => {
    expect(ipBucketKey("198.51.100.7")).toBe("ip:198.51.100.7");
    expect(ipBucketKey("::ffff:198.51.100.7")).toBe("ip:198.51.100.7");
    expect(ipBucketKey("198.51.100.8")).not.toBe(ipBucketKey("198.51.100.7"));
  });

  it("is per /64 for IPv6, so rotating the interface id does not help", () => {
    expect(ipBucketKey("2001:db8:1:2:aaaa::1")).toBe("ip:2001:db8:1:2::/64");
    expect(ipBucketKey("2001:DB8:1:2:ffff:ffff:ffff:ffff")).toBe("ip:2001:db8:1:2::/64");
    expect(ipBucketKey("2001:db8:1:3::1")).toBe("ip:2001:db8:1:3::/64");
  });

  it("puts invalid input in one shared bucket", () => {
    expect(ipBucketKey("garbage")).toBe("ip:invalid");
    expect(ipBucketKey("")).toBe("ip:invalid");
  });
});
