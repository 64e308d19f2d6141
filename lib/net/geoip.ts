import "server-only";

import geoip from "geoip-country";

import { ipInCidrs, parseCidrList } from "@/lib/net/cidr";
import { normalizeIp } from "@/lib/net/ip";

// Country of a client address, from the GeoLite2 data bundled with geoip-country (loaded into
// memory once, on first import; next.config.ts keeps the package external so its data files
// resolve). Used as a risk signal, never as proof of anything: VPNs and anycast exist.
//
// Non-public ranges are answered with null up front rather than trusting the database to have
// no entry for them: a private, loopback or documentation address has no country.
const NON_PUBLIC = parseCidrList(`
  0.0.0.0/8 10.0.0.0/8 100.64.0.0/10 127.0.0.0/8 169.254.0.0/16 172.16.0.0/12 192.0.0.0/24
  192.0.2.0/24 192.168.0.0/16 198.18.0.0/15 198.51.100.0/24 203.0.113.0/24 224.0.0.0/4 240.0.0.0/4
  ::/127 64:ff9b:1::/48 100::/64 2001:db8::/32 fc00::/7 fe80::/10 ff00::/8
`);

/** ISO 3166-1 alpha-2 code, or null for invalid, non-public or unmapped addresses. */
export function countryOf(ip: string): string | null {
  const normalized = normalizeIp(ip);
  if (normalized === null || ipInCidrs(normalized, NON_PUBLIC)) return null;
  const country = geoip.lookup(normalized)?.country;
  return country && /^[A-Z]{2}$/.test(country) ? country : null;
}
