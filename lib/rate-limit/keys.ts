import "server-only";

import { createHash } from "node:crypto";

import { formatIp, parseIp } from "@/lib/net/ip";

// Limiter keys are emails, account ids and IPs. None of them may reach Redis verbatim: a
// KEYS/SCAN or a memory dump would then list every address that tried to sign in. Every key is
// stored as SHA-256 hex of its normalized form.
//
// Normalization is trim + Unicode NFC + lower case, so " Alice@Example.com" and
// "alice@example.com" share one bucket. Merging variants can only make a limit stricter;
// keeping them apart would let an attacker multiply a per-account limit by varying case.
// (Plain SHA-256 of an email is guessable by dictionary; it keeps addresses out of plain sight
// in the store, it is not meant to resist someone who can already read Redis.)

export function hashKey(key: string): string {
  const normalized = key.normalize("NFC").trim().toLowerCase();
  if (normalized === "") {
    throw new TypeError("rate-limit key must not be empty");
  }
  return createHash("sha256").update(normalized, "utf8").digest("hex");
}

/**
 * The per-IP bucket for an address. IPv4 is per address; IPv6 is per /64, because one
 * subscriber usually holds a whole /64 and could otherwise rotate through 2^64 fresh buckets.
 * Invalid input gets one shared "invalid" bucket rather than a fresh one per garbage string.
 */
export function ipBucketKey(ip: string): string {
  const parsed = parseIp(ip);
  if (!parsed) return "ip:invalid";
  if (parsed.version === 4) return `ip:${formatIp(parsed)}`;
  const network = parsed.value & ~((1n << 64n) - 1n);
  return `ip:${formatIp({ version: 6, value: network })}/64`;
}
