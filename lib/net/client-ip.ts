import { normalizeIp } from "@/lib/net/ip";

// The client address used for rate limiting, audit logs, GeoIP and the admin allowlist.
// (No "server-only" here: server.ts, outside Next's bundles, imports this module too.)
//
// Where it comes from: the production server (server.ts) sees every connection's TCP peer, which
// no client can forge. For each request it computes the address below from that peer and
// TRUSTED_PROXY_HOPS, and hands it to the app in CLIENT_ADDRESS_HEADER, overwriting whatever the
// client sent under that name. Route handlers, server actions and proxy.ts read it back with
// clientAddress(); they never look at X-Forwarded-For themselves. When the app runs without
// server.ts in front (plain `next start`), nothing vouches for the header, so it is ignored and
// the address is UNKNOWN_CLIENT_IP.
//
// X-Forwarded-For is client-controlled except for the entries our own proxies append on the
// right: with N trusted proxies in front of the app, the N-th entry from the right is the
// address the outermost trusted proxy saw, and everything left of it may be forged. So:
//   - trustedProxyHops = 0: the header is ignored entirely; the socket peer is the client.
//   - trustedProxyHops = N: take the N-th entry from the right. If the header has fewer than N
//     entries the request did not traverse all our proxies (e.g. it reached the app directly),
//     so the socket peer is the only address nobody could forge and is used instead.
//   - Anything that is not a valid IP (garbage, "unknown", a hostname) yields UNKNOWN_CLIENT_IP.
//
// UNKNOWN_CLIENT_IP is "0.0.0.0": an address no real client can have, which is still a valid
// IP for callers that parse it. Unknown clients then share one rate-limit bucket (failing
// closed instead of each getting a fresh one), geo lookup returns null, and it matches no sane
// admin allowlist. Addresses come back normalized (ip.ts): IPv4-mapped IPv6 as IPv4.

export const UNKNOWN_CLIENT_IP = "0.0.0.0";

export type ClientIpInput = {
  headers: Headers;
  /** The TCP peer address, when the runtime exposes it. */
  socketIp?: string | null;
  /** How many reverse proxies we operate in front of the app (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
};

export function clientIp({ headers, socketIp, trustedProxyHops }: ClientIpInput): string {
  if (!Number.isInteger(trustedProxyHops) || trustedProxyHops < 0) {
    throw new RangeError("trustedProxyHops must be a non-negative integer");
  }
  const fromSocket = () => (socketIp ? (normalizeIp(socketIp) ?? UNKNOWN_CLIENT_IP) : UNKNOWN_CLIENT_IP);
  if (trustedProxyHops === 0) return fromSocket();

  // Headers.get joins repeated X-Forwarded-For headers with ", " in arrival order, which is
  // what proxies do when appending, so one split covers both forms.
  const header = headers.get("x-forwarded-for");
  if (header === null) return fromSocket();
  const entries = header.split(",");
  if (entries.length < trustedProxyHops) return fromSocket();

  const entry = entries[entries.length - trustedProxyHops] ?? "";
  return normalizeIp(stripPort(entry.trim())) ?? UNKNOWN_CLIENT_IP;
}

// Some proxies write "1.2.3.4:5678" or "[2001:db8::1]:443". A bare IPv6 address has several
// colons and is left alone.
function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  if (bracketed) return bracketed[1] ?? "";
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry);
  if (v4WithPort) return v4WithPort[1] ?? "";
  return entry;
}

/** The header server.ts sets on every request it hands to Next: the client address it computed. */
export const CLIENT_ADDRESS_HEADER = "x-store-client-address";

// Set by server.ts in its own process: "every request reaching the app went through me, and I
// overwrote CLIENT_ADDRESS_HEADER". A global symbol, because server.ts and Next's compiled
// bundles load separate copies of this module.
const FROM_SOCKET = Symbol.for("secure-store.client-address-from-socket");
type Marked = { [FROM_SOCKET]?: boolean };

/** Called once by server.ts before it serves: CLIENT_ADDRESS_HEADER is now trustworthy. */
export function vouchForClientAddressHeader(): void {
  (globalThis as Marked)[FROM_SOCKET] = true;
}

export function clientAddressHeaderIsVouchedFor(): boolean {
  return (globalThis as Marked)[FROM_SOCKET] === true;
}

/** The client address of a request inside the app (route handler, server action, proxy.ts). */
export function clientAddress(headers: Headers): string {
  if (!clientAddressHeaderIsVouchedFor()) return UNKNOWN_CLIENT_IP;
  return normalizeIp(headers.get(CLIENT_ADDRESS_HEADER) ?? "") ?? UNKNOWN_CLIENT_IP;
}

/** For server.ts: the address of a request from its socket peer and the trusted proxies' entries. */
export function clientAddressOfConnection(input: {
  headers: Record<string, string | string[] | undefined>;
  socketIp: string | undefined;
  trustedProxyHops: number;
}): string {
  const headers = new Headers();
  const forwardedFor = input.headers["x-forwarded-for"];
  const values = Array.isArray(forwardedFor) ? forwardedFor : forwardedFor === undefined ? [] : [forwardedFor];
  for (const value of values) headers.append("x-forwarded-for", value);
  return clientIp({ headers, socketIp: input.socketIp ?? null, trustedProxyHops: input.trustedProxyHops });
}
