import { afterEach, describe, expect, it } from "vitest";

import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  clientAddressHeaderIsVouchedFor,
  clientAddressOfConnection,
  clientIp,
  UNKNOWN_CLIENT_IP,
  vouchForClientAddressHeader,
} from "@/lib/net/client-ip";

const xff = (...values: string[]) => {
  const headers = new Headers();
  for (const value of values) headers.append("x-forwarded-for", value);
  return headers;
};

describe("clientIp with no trusted proxies", () => {
  it("ignores a spoofed X-Forwarded-For and uses the socket peer", () => {
    expect(
      clientIp({
        headers: xff("1.1.1.1"),
        socketIp: "203.0.113.9",
        trustedProxyHops: 0,
      }),
    ).toBe("203.0.113.9");
    expect(
      clientIp({
        headers: xff("1.1.1.1, 2.2.2.2"),
        socketIp: "::ffff:203.0.113.9",
        trustedProxyHops: 0,
      }),
    ).toBe("203.0.113.9");
  });

  it("falls back to 0.0.0.0 when the socket address is missing or invalid, even with XFF present", () => {
    expect(UNKNOWN_CLIENT_IP).toBe("0.0.0.0");
    expect(
      clientIp({
        headers: xff("1.1.1.1"),
        socketIp: null,
        trustedProxyHops: 0,
      }),
    ).toBe("0.0.0.0");
    expect(clientIp({ headers: xff("1.1.1.1"), trustedProxyHops: 0 })).toBe("0.0.0.0");
    expect(
      clientIp({
        headers: new Headers(),
        socketIp: "not-an-ip",
        trustedProxyHops: 0,
      }),
    ).toBe("0.0.0.0");
  });
});

describe("clientIp behind trusted proxies", () => {
  it("takes the N-th entry from the right, whatever the client prepended", () => {
    // client forged "6.6.6.6"; proxy 1 appended the real client 198.51.100.20; proxy 2 appended proxy 1.
    const headers = xff("6.6.6.6, 198.51.100.20, 10.0.0.5");
    expect(clientIp({ headers, socketIp: "10.0.0.6", trustedProxyHops: 2 })).toBe("198.51.100.20");
    expect(clientIp({ headers, socketIp: "10.0.0.6", trustedProxyHops: 1 })).toBe("10.0.0.5");
    expect(clientIp({ headers, socketIp: "10.0.0.6", trustedProxyHops: 3 })).toBe("6.6.6.6");
  });

  it("treats repeated X-Forwarded-For headers as one list in order", () => {
    const headers = xff("6.6.6.6", "198.51.100.20");
    expect(clientIp({ headers, socketIp: "10.0.0.6", trustedProxyHops: 1 })).toBe("198.51.100.20");
    expect(clientIp({ headers, socketIp: "10.0.0.6", trustedProxyHops: 2 })).toBe("6.6.6.6");
  });

  it("uses the socket peer when the header is missing or shorter than the hop count", () => {
    expect(
      clientIp({
        headers: new Headers(),
        socketIp: "198.51.100.1",
        trustedProxyHops: 1,
      }),
    ).toBe("198.51.100.1");
    expect(
      clientIp({
        headers: xff("6.6.6.6"),
        socketIp: "198.51.100.1",
        trustedProxyHops: 2,
      }),
    ).toBe("198.51.100.1");
    expect(
      clientIp({
        headers: new Headers(),
        socketIp: undefined,
        trustedProxyHops: 1,
      }),
    ).toBe("0.0.0.0");
  });

  it("returns 0.0.0.0 for garbage at the trusted position, never a neighbouring entry", () => {
    for (const entry of ["unknown", "", "evil.example", "1.2.3.4.5", "<script>", "1.2.3.4 5.6.7.8", "999.1.1.1"]) {
      const headers = xff(`198.51.100.20, ${entry}`);
      expect(clientIp({ headers, socketIp: "10.0.0.6", trustedProxyHops: 1 }), JSON.stringify(entry)).toBe("0.0.0.0");
    }
    // garbage further left (client-controlled) does not matter
    expect(
      clientIp({
        headers: xff("garbage,, 198.51.100.20"),
        socketIp: "10.0.0.6",
        trustedProxyHops: 1,
      }),
    ).toBe("198.51.100.20");
  });

  it("normalizes IPv6, IPv4-mapped and port-suffixed entries", () => {
    const at = (entry: string) =>
      clientIp({
        headers: xff(`6.6.6.6, ${entry}`),
        socketIp: "10.0.0.6",
        trustedProxyHops: 1,
      });
    expect(at("2001:DB8:0:0::7")).toBe("2001:db8::7");
    expect(at("::ffff:198.51.100.20")).toBe("198.51.100.20");
    expect(at("198.51.100.20:51234")).toBe("198.51.100.20");
    expect(at("[2001:db8::7]:443")).toBe("2001:db8::7");
    expect(at("[2001:db8::7]")).toBe("2001:db8::7");
  });

  it("rejects a nonsensical hop count", () => {
    for (const hops of [-1, 1.5, Number.NaN]) {
      expect(() =>
        clientIp({
          headers: new Headers(),
          socketIp: "10.0.0.1",
          trustedProxyHops: hops,
        }),
      ).toThrow(RangeError);
    }
  });
});

describe("the client address inside the app", () => {
  const marker = Symbol.for("secure-store.client-address-from-socket");
  const withHeader = (value: string) =>
    new Headers({ [CLIENT_ADDRESS_HEADER]: value, "x-forwarded-for": "198.51.100.1" });
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[marker];
  });

  it("ignores the address header when no server in this process vouches for it (plain next start)", () => {
    expect(clientAddressHeaderIsVouchedFor()).toBe(false);
    expect(clientAddress(withHeader("203.0.113.9"))).toBe(UNKNOWN_CLIENT_IP);
  });

  it("reads the address server.ts computed, never X-Forwarded-For", () => {
    vouchForClientAddressHeader();
    expect(clientAddress(withHeader("203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(withHeader("::ffff:203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.1" }))).toBe(UNKNOWN_CLIENT_IP);
    expect(clientAddress(withHeader("not an address"))).toBe(UNKNOWN_CLIENT_IP);
  });
});

describe("clientAddressOfConnection (server.ts)", () => {
  it("with no proxy, is the socket peer whatever X-Forwarded-For says", () => {
    expect(
      clientAddressOfConnection({
        headers: { "x-forwarded-for": "10.1.2.3" },
        socketIp: "::ffff:127.0.0.2",
        trustedProxyHops: 0,
      }),
    ).toBe("127.0.0.2");
  });

  it("behind one trusted proxy, is the proxy's entry (the rightmost), not what the client put before it", () => {
    expect(
      clientAddressOfConnection({
        headers: { "x-forwarded-for": "10.1.2.3, 203.0.113.9" },
        socketIp: "127.0.0.1",
        trustedProxyHops: 1,
      }),
    ).toBe("203.0.113.9");
    expect(
      clientAddressOfConnection({
        headers: { "x-forwarded-for": ["10.1.2.3", "203.0.113.9"] },
        socketIp: "127.0.0.1",
        trustedProxyHops: 1,
      }),
    ).toBe("203.0.113.9");
  });

  it("behind a proxy, a request that reached the server directly (no header) is its socket peer", () => {
    expect(clientAddressOfConnection({ headers: {}, socketIp: "192.0.2.4", trustedProxyHops: 1 })).toBe("192.0.2.4");
  });
});
