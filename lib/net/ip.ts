import { isIP } from "node:net";

// One parser for every IP string the app handles (client IPs, CIDR bases, geo lookups), so that
// rate-limit keys, allowlists and logs agree on what "the same address" means:
//   - validation is node:net isIP (no "010.0.0.1", "0x7f.1", "1.2.3" or other inet_aton quirks);
//   - IPv6 zone ids ("fe80::1%eth0") are dropped: they name a local interface, not a host;
//   - IPv4-mapped IPv6 (::ffff:1.2.3.4, ::ffff:102:304) becomes plain IPv4, because a dual-stack
//     socket reports IPv4 clients that way and the same client must not get two identities;
//   - output is canonical (dotted quad, RFC 5952 lowercase compressed IPv6).

export type IpVersion = 4 | 6;
export type ParsedIp = { readonly version: IpVersion; readonly value: bigint };

const V4_MAPPED_PREFIX = 0xffffn << 32n; // ::ffff:0:0/96
const V4_MASK = 0xffff_ffffn;

/** Parses without unmapping IPv4-mapped IPv6; CIDR parsing needs the raw form. */
export function parseIpRaw(input: string): ParsedIp | null {
  if (typeof input !== "string") return null;
  const version = isIP(input);
  if (version === 4) return { version: 4, value: parseV4(input) };
  if (version !== 6) return null;
  const zone = input.indexOf("%");
  return {
    version: 6,
    value: parseV6(zone === -1 ? input : input.slice(0, zone)),
  };
}

/** Parses and validates an address; IPv4-mapped IPv6 comes back as IPv4. Null when invalid. */
export function parseIp(input: string): ParsedIp | null {
  const parsed = parseIpRaw(input);
  if (parsed && isV4Mapped(parsed)) {
    return { version: 4, value: parsed.value & V4_MASK };
  }
  return parsed;
}

export function isV4Mapped(ip: ParsedIp): boolean {
  return ip.version === 6 && (ip.value & ~V4_MASK) === V4_MAPPED_PREFIX;
}

/** Canonical text form, or null when the input is not an IP address. */
export function normalizeIp(input: string): string | null {
  const parsed = parseIp(input);
  return parsed ? formatIp(parsed) : null;
}

export function formatIp(ip: ParsedIp): string {
  if (ip.version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((ip.value >> shift) & 0xffn)).join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952 §4.2: compress the longest run (first one on a tie) of two or more zero groups.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

function parseV4(text: string): bigint {
  return text.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

// Input is already validated by isIP, so this only has to expand "::" and a dotted IPv4 tail.
function parseV6(text: string): bigint {
  const toGroups = (part: string): number[] => {
    if (part === "") return [];
    return part.split(":").flatMap((group) => {
      if (!group.includes(".")) return [Number.parseInt(group, 16)];
      const v4 = Number(parseV4(group));
      return [v4 >>> 16, v4 & 0xffff];
    });
  };
  const gap = text.indexOf("::");
  let groups: number[];
  if (gap === -1) {
    groups = toGroups(text);
  } else {
    const head = toGroups(text.slice(0, gap));
    const tail = toGroups(text.slice(gap + 2));
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}
