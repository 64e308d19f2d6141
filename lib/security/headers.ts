// The security headers every response carries. proxy.ts adds the per-request CSP; the static
// set below is also applied by next.config.ts to files the proxy does not run for.

export type HeaderOptions = { production: boolean; https: boolean; checkoutOrigin: string };

export function staticSecurityHeaders(opts: { production: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
  };
  if (opts.production) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains; preload";
  return headers;
}

export function contentSecurityPolicy(nonce: string, opts: HeaderOptions): string {
  const directives = [
    // Nothing is allowed unless a directive below names it (no frames, media, or plugins).
    "default-src 'none'",
    // 'strict-dynamic' trusts only scripts carrying this response's nonce (and what they load).
    // Development needs 'unsafe-eval' for React's debugging; production never sends it.
    `script-src 'nonce-${nonce}' 'strict-dynamic'${opts.production ? "" : " 'unsafe-eval'"}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    // Checkout forms redirect to the payment page, and browsers apply form-action to that redirect.
    // It is the page the shopper's browser is sent to (https behind TLS: lib/env.ts refuses an
    // http one for an https store), never the API URL the server's SDK calls.
    `form-action 'self' ${opts.checkoutOrigin}`,
    "manifest-src 'self'",
    "worker-src 'self'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
