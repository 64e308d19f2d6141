import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/net/client-ip";
import { countryOf } from "@/lib/net/geoip";
import type { RequestContext } from "@/lib/auth/deps";

// Next.js gives route handlers and server actions no socket address. Its request handler puts the peer
// address into X-Forwarded-For when the request has none, but a client can send its own, so it
// is only believed with TRUSTED_PROXY_HOPS > 0 (a proxy of ours in front). With 0 hops the
// client address is unknown ("0.0.0.0"): every client then shares one per-IP rate-limit bucket
// (fail closed) and no country is recorded. Deploy behind a proxy and set TRUSTED_PROXY_HOPS.
export function contextFromHeaders(h: Headers): RequestContext {
  const ip = clientIp({ headers: h, socketIp: null, trustedProxyHops: env().TRUSTED_PROXY_HOPS });
  return { ip, country: countryOf(ip), userAgent: h.get("user-agent")?.slice(0, 512) ?? null };
}

export async function requestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
}
