import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { clientIp, UNKNOWN_CLIENT_IP } from "@/lib/net/client-ip";
import { countryOf } from "@/lib/net/geoip";

export type RequestContext = { ip: string | null; country: string | null; userAgent: string | null };

/**
 * Who is asking, as far as the server can tell. X-Forwarded-For is believed only for the
 * TRUSTED_PROXY_HOPS proxies we run; Next.js route code does not expose the socket address, so
 * with no trusted proxy the address (and its country) is unknown rather than spoofable.
 */
export async function requestContext(): Promise<RequestContext> {
  const h = await headers();
  const ip = clientIp({ headers: h, socketIp: null, trustedProxyHops: env().TRUSTED_PROXY_HOPS });
  const known = ip === UNKNOWN_CLIENT_IP ? null : ip;
  return { ip: known, country: known ? countryOf(known) : null, userAgent: h.get("user-agent")?.slice(0, 300) ?? null };
}
