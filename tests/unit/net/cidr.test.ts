import { describe, expect, it } from "vitest";

import { CidrParseError, ipInCidrs, parseCidr, parseCidrList } from "@/lib/net/cidr";

describe("parseCidrList", () => {
  it("accepts comma and whitespace separated IPv4/IPv6 networks and bare hosts", () => {
    const list = parseCidrList(" 10.0.0.0/8,192.168.1.0/24\n2001:db8::/32  203.0.113.7 ::1 ");
    expect(list).toEqual([
      { version: 4, network: 0x0a000000n, prefix: 8 },
      { version: 4, network: 0xc0a80100n, prefix: 24 },
      { version: 6, network: 0x20010db8n << 96n, prefix: 32 },
      { version: 4, network: 0xcb007107n, prefix: 32 },
      { version: 6, network: 1n, prefix: 128 },
    ]);
  });

  it("is empty for a blank spec, and an empty list matches nothing", () => {
    expect(parseCidrList("")).toEqual([]);
    expect(parseCidrList(" , \n")).toEqual([]);
    expect(ipInCidrs("10.0.0.1", [])).toBe(false);
  });

  it.each([
    ["10.0.0.1/8", /bits set beyond the prefix/],
    ["10.0.0.0/33", /exceeds 32/],
    ["2001:db8::/129", /exceeds 128/],
    ["10.0.0.0/", /must be a number/],
    ["10.0.0.0/08", /must be a number/],
    ["10.0.0.0/-1", /must be a number/],
    ["10.0.0/8", /not an IPv4 or IPv6/],
    ["example.com/24", /not an IPv4 or IPv6/],
    ["fe80::%eth0/64", /zone ids/],
  ])("refuses %s naming the entry", (entry, reason) => {
    expect(() => parseCidrList(`192.168.0.0/16, ${entry}`)).toThrow(CidrParseError);
    expect(() => parseCidr(entry)).toThrow(reason);
    expect(() => parseCidr(entry)).toThrow(`"${entry}"`);
  });

  it("unmaps IPv4-mapped IPv6 networks of /96 or longer", () => {
    expect(parseCidr("::ffff:10.0.0.0/104")).toEqual({
      version: 4,
      network: 0x0a000000n,
      prefix: 8,
    });
    expect(parseCidr("::fffe:0:0/95")).toMatchObject({
      version: 6,
      prefix: 95,
    }); // wider than the mapped range
  });
});

describe("ipInCidrs", () => {
  it("matches IPv4 networks exactly at their edges", () => {
    const list = parseCidrList("192.168.1.0/24");
    expect(ipInCidrs("192.168.1.0", list)).toBe(true);
    expect(ipInCidrs("192.168.1.255", list)).toBe(true);
    expect(ipInCidrs("192.168.0.255", list)).toBe(false);
    expect(ipInCidrs("192.168.2.0", list)).toBe(false);
  });

  it("handles /0, /31, /32 and odd prefix lengths", () => {
    expect(ipInCidrs("8.8.8.8", parseCidrList("0.0.0.0/0"))).toBe(true);
    expect(ipInCidrs("2001:db8::1", parseCidrList("0.0.0.0/0"))).toBe(false); // families never cross
    const odd = parseCidrList("172.16.0.0/12");
    expect(ipInCidrs("172.31.255.255", odd)).toBe(true);
    expect(ipInCidrs("172.32.0.0", odd)).toBe(false);
    expect(ipInCidrs("172.15.255.255", odd)).toBe(false);
    const host = parseCidrList("203.0.113.7");
    expect(ipInCidrs("203.0.113.7", host)).toBe(true);
    expect(ipInCidrs("203.0.113.6", host)).toBe(false);
    const pair = parseCidrList("203.0.113.6/31");
    expect([6, 7, 5, 8].map((n) => ipInCidrs(`203.0.113.${n}`, pair))).toEqual([true, true, false, false]);
  });

  it("matches IPv6 networks at their edges", () => {
    const list = parseCidrList("2001:db8:abcd:12::/63");
    expect(ipInCidrs("2001:db8:abcd:12::", list)).toBe(true);
    expect(ipInCidrs("2001:db8:abcd:13:ffff:ffff:ffff:ffff", list)).toBe(true);
    expect(ipInCidrs("2001:db8:abcd:11:ffff:ffff:ffff:ffff", list)).toBe(false);
    expect(ipInCidrs("2001:db8:abcd:14::", list)).toBe(false);
    expect(ipInCidrs("2001:DB8:ABCD:0012:0:0:0:1", list)).toBe(true); // any spelling
    expect(ipInCidrs("::1", parseCidrList("::1"))).toBe(true);
    expect(ipInCidrs("::2", parseCidrList("::1/128"))).toBe(false);
    expect(ipInCidrs("2001:db8::1", parseCidrList("::/0"))).toBe(true);
    expect(ipInCidrs("fe80::1%eth0", parseCidrList("fe80::/10"))).toBe(true);
  });

  it("matches IPv4-mapped clients against IPv4 rules (dual-stack sockets)", () => {
    const list = parseCidrList("10.0.0.0/8");
    expect(ipInCidrs("::ffff:10.1.2.3", list)).toBe(true);
    expect(ipInCidrs("::ffff:11.1.2.3", list)).toBe(false);
    expect(ipInCidrs("10.1.2.3", parseCidrList("::ffff:10.0.0.0/104"))).toBe(true);
  });

  it("never matches invalid input, even against 0.0.0.0/0", () => {
    const all = parseCidrList("0.0.0.0/0, ::/0");
    for (const ip of ["", "garbage", "10.0.0", "10.0.0.1/32", "[::1]", " 10.0.0.1"]) {
      expect(ipInCidrs(ip, all), ip).toBe(false);
    }
  });
});
