import { describe, expect, it } from "vitest";

import { countryOf } from "@/lib/net/geoip";

describe("countryOf", () => {
  // Addresses checked against the bundled GeoLite2 data before writing the test: long-lived
  // allocations (public resolvers, root servers, MaxMind's own test address).
  it.each([
    ["8.8.8.8", "US"], // Google Public DNS
    ["208.67.222.222", "US"], // OpenDNS
    ["81.2.69.142", "GB"], // MaxMind test address
    ["193.0.14.129", "NL"], // k.root-servers.net (RIPE NCC)
    ["202.12.27.33", "JP"], // m.root-servers.net (WIDE)
    ["2001:4860:4860::8888", "US"], // Google Public DNS over IPv6
    ["::ffff:8.8.8.8", "US"], // IPv4-mapped form of a known address
  ])("%s is in %s", (ip, country) => {
    expect(countryOf(ip)).toBe(country);
  });

  it("returns null for private, loopback, link-local, documentation and CGNAT ranges", () => {
    for (const ip of [
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "127.0.0.1",
      "169.254.1.1",
      "100.64.0.1",
      "192.0.2.1",
      "0.0.0.0",
      "255.255.255.255",
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "2001:db8::1",
      "ff02::1",
    ]) {
      expect(countryOf(ip), ip).toBeNull();
    }
  });

  it("returns null for input that is not an IP address", () => {
    for (const ip of ["", "not-an-ip", "8.8.8", "8.8.8.8 ", "example.com"]) {
      expect(countryOf(ip), ip).toBeNull();
    }
  });
});
