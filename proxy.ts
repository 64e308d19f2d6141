// Runs before every page and route handler: a fresh CSP nonce per request plus the security
// headers. Authorization is NOT decided here (a proxy check alone has been bypassed before,
// CVE-2025-29927); domain functions in lib/ check the actor on every action.
import { NextResponse, type NextRequest } from "next/server";
import { adminNetworkAllows } from "@/lib/admin/network";
import { checkoutOrigin, env } from "@/lib/env";
import { clientAddress } from "@/lib/net/client-ip";
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from "@/lib/security/headers";

export function proxy(request: NextRequest) {
  const config = env();
  const production = config.NODE_ENV === "production";
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, {
    production,
    https: config.APP_URL.startsWith("https://"),
    // The page the shopper's browser is sent to, not the API URL the server's SDK calls.
    checkoutOrigin: checkoutOrigin(config),
  });

  // ADMIN_ALLOWED_NETWORKS, early: outside the allowlist the admin area does not exist. This is
  // a first line only; lib/admin/request-guards.ts makes the same check on every admin page and action.
  const path = request.nextUrl.pathname;
  if ((path === "/admin" || path.startsWith("/admin/")) && config.ADMIN_ALLOWED_NETWORKS?.trim()) {
    const ip = clientAddress(request.headers);
    if (!adminNetworkAllows(ip, config.ADMIN_ALLOWED_NETWORKS)) {
      const response = new NextResponse("Not Found", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
      response.headers.set("Content-Security-Policy", csp);
      for (const [name, value] of Object.entries(staticSecurityHeaders({ production })))
        response.headers.set(name, value);
      return response;
    }
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(staticSecurityHeaders({ production }))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not for static files, nor for Stripe's webhook deliveries (JSON for a server, no page to
  // protect with a CSP), nor for uploaded pictures (/media/: their route sets its own stricter
  // CSP, which this one would replace): next.config.ts gives them the other security headers.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|products/|media/|api/webhooks/).*)" }],
};
