import { describe, expect, it } from "vitest";

import { normalizeIp, parseIp } from "@/lib/net/ip";

describe("normalizeIp", () => {
  it("accepts IPv4 and IPv6 and returns the canonical form", () => {
    expect(normalizeIp("192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeIp("2001:0DB8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(normalizeIp("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1"); // first of equal runs
    expect(normalizeIp("2001:db8:0:1:1:1:1:1")).toBe("2001:db8:0:1:1:1:1:1"); // a single 0 group is not compressed
    expect(normalizeIp("::")).toBe("::");
    expect(normalizeIp("::1")).toBe("::1");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeIp("64:ff9b::192.0.2.33")).toBe("64:ff9b::c000:221");
  });

  it("unmaps IPv4-mapped IPv6 in both notations", () => {
    expect(normalizeIp("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(normalizeIp("::FFFF:c633:6407")).toBe("198.51.100.7");
    expect(parseIp("::ffff:10.0.0.1")).toEqual({
      version: 4,
      value: 0x0a000001n,
    });
    // ::ffff:0:0/96 only; neighbours stay IPv6
    expect(normalizeIp("::fffe:1.2.3.4")).toBe("::fffe:102:304");
    expect(normalizeIp("::1.2.3.4")).toBe("::102:304");
  });

  it("rejects anything node:net isIP rejects", () => {
    for (const bad of [
      "",
      " 1.2.3.4",
      "1.2.3",
      "010.0.0.1",
      "0x7f.0.0.1",
      "256.1.1.1",
      "[::1]",
      "1.2.3.4:80",
      "example.com",
      "::g",
      "1:2:3:4:5:6:7:8:9",
    ]) {
      expect(normalizeIp(bad), bad).toBeNull();
    }
  });
});
