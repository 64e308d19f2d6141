import "server-only";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/net/client-ip";
import { countryOf } from "@/lib/net/geoip";
import type { RequestContext } from "@/lib/auth/deps";

// The acting client, as the server knows it. Next.js gives route handlers and server actions no
// socket address, so server.ts, which sees the connection, computes the client address from the
// TCP peer (and TRUSTED_PROXY_HOPS proxies' X-Forwarded-For entries, read from the right) and
// hands it over in a header it always overwrites (lib/net/client-ip.ts). Nothing a client says
// about its own address is believed here.
export function contextFromHeaders(h: Headers): RequestContext {
  const ip = clientAddress(h);
  return { ip, country: countryOf(ip), userAgent: h.get("user-agent")?.slice(0, 512) ?? null };
}

export async function requestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
}
