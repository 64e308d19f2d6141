import "server-only";
import { ipInCidrs, parseCidrList, type Cidr } from "@/lib/net/cidr";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "admin" });

// ADMIN_ALLOWED_NETWORKS: when set, the admin area exists only for clients inside these networks.
// A spec that does not parse admits nobody (fail closed): a typo must never open the dashboard.

const parsed = new Map<string, Cidr[] | null>();

function networks(spec: string): Cidr[] | null {
  if (!parsed.has(spec)) {
    try {
      parsed.set(spec, parseCidrList(spec));
    } catch (error) {
      log.error({ err: error }, "ADMIN_ALLOWED_NETWORKS does not parse; the admin area is closed");
      parsed.set(spec, null);
    }
  }
  return parsed.get(spec) ?? null;
}

/** True when no allowlist is configured, or `ip` is inside it. */
export function adminNetworkAllows(ip: string, spec: string | undefined): boolean {
  if (spec === undefined || spec.trim() === "") return true;
  const list = networks(spec);
  return list !== null && ipInCidrs(ip, list);
}
