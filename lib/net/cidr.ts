import "server-only";

import { type IpVersion, isV4Mapped, parseIp, parseIpRaw } from "@/lib/net/ip";

// CIDR lists for the admin network allowlist (ADMIN_ALLOWED_NETWORKS). Parsing is strict and
// loud: this is security configuration, so a typo must stop start-up rather than silently
// allow or deny more than intended. In particular "10.0.0.1/8" (host bits set) is refused: it
// is ambiguous between "the host 10.0.0.1" and "all of 10/8", and guessing wrong opens 16M
// addresses. Matching treats IPv4-mapped IPv6 clients as IPv4 (see ip.ts).

export type Cidr = {
  readonly version: IpVersion;
  readonly network: bigint;
  readonly prefix: number;
};

export class CidrParseError extends Error {
  override readonly name = "CidrParseError";
  constructor(
    readonly entry: string,
    reason: string,
  ) {
    super(`invalid network "${entry}": ${reason}`);
  }
}

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

function mask(version: IpVersion, prefix: number): bigint {
  return ((1n << BigInt(prefix)) - 1n) << BigInt(BITS[version] - prefix);
}

/** One entry: "192.168.0.0/16", "2001:db8::/32", or a bare address (a single host). */
export function parseCidr(entry: string): Cidr {
  const text = entry.trim();
  const slash = text.indexOf("/");
  const base = slash === -1 ? text : text.slice(0, slash);
  const ip = parseIpRaw(base);
  if (!ip) throw new CidrParseError(entry, "not an IPv4 or IPv6 address");
  if (base.includes("%")) {
    throw new CidrParseError(entry, "zone ids are not allowed");
  }

  let prefix = BITS[ip.version];
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) {
      throw new CidrParseError(entry, "prefix length must be a number");
    }
    prefix = Number(prefixText);
    if (prefix > BITS[ip.version]) {
      throw new CidrParseError(entry, `prefix length exceeds ${BITS[ip.version]}`);
    }
  }
  if ((ip.value & ~mask(ip.version, prefix)) !== 0n) {
    throw new CidrParseError(entry, "address has bits set beyond the prefix length; write the network address");
  }
  // ::ffff:10.0.0.0/104 is the same network as 10.0.0.0/8; clients are unmapped, so unmap the
  // rule too. A shorter prefix spans more than the mapped range and stays IPv6.
  if (isV4Mapped(ip) && prefix >= 96) {
    return {
      version: 4,
      network: ip.value & 0xffff_ffffn,
      prefix: prefix - 96,
    };
  }
  return { version: ip.version, network: ip.value, prefix };
}

/**
 * Comma- and/or whitespace-separated entries. An empty or blank spec is an empty list (which
 * matches nothing). Throws CidrParseError naming the first bad entry.
 */
export function parseCidrList(spec: string): Cidr[] {
  return spec
    .split(/[\s,]+/)
    .filter((entry) => entry !== "")
    .map(parseCidr);
}

/** True when ip is a valid address inside any of the networks. Invalid input never matches. */
export function ipInCidrs(ip: string, list: readonly Cidr[]): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  return list.some(
    (cidr) => cidr.version === parsed.version && (parsed.value & mask(cidr.version, cidr.prefix)) === cidr.network,
  );
}
