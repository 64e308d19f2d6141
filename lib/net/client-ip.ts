import "server-only";

import { normalizeIp } from "@/lib/net/ip";

// The client address used for rate limiting, audit logs and the admin allowlist.
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

export function clientIp({
  headers,
  socketIp,
  trustedProxyHops,
}: ClientIpInput): string {
  if (!Number.isInteger(trustedProxyHops) || trustedProxyHops < 0) {
    throw new RangeError("trustedProxyHops must be a non-negative integer");
  }
  const fromSocket = () =>
    socketIp ? (normalizeIp(socketIp) ?? UNKNOWN_CLIENT_IP) : UNKNOWN_CLIENT_IP;
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
