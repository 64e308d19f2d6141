// Runs before every page and route handler: a fresh CSP nonce per request plus the security
// headers. Authorization is NOT decided here (a proxy check alone has been bypassed before,
// CVE-2025-29927); domain functions in lib/ check the actor on every action.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from "@/lib/security/headers";

function checkoutOrigin(): string {
  const api = env().STRIPE_API_URL;
  return api ? new URL(api).origin : "https://checkout.stripe.com";
}

export function proxy(request: NextRequest) {
  const config = env();
  const production = config.NODE_ENV === "production";
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, {
    production,
    https: config.APP_URL.startsWith("https://"),
    checkoutOrigin: checkoutOrigin(),
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(staticSecurityHeaders({ production }))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|products/).*)" }],
};
