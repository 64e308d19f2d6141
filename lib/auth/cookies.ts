import "server-only";
import type { CookiesOptions } from "next-auth";
import { isProduction } from "@/lib/env";

// Every auth cookie is httpOnly and SameSite=Lax; in production it is Secure and carries the
// __Host- prefix (Secure, Path=/, no Domain: a subdomain cannot plant or read it) or, for
// next-auth's callback URL, __Secure-.

const host = (name: string) => (isProduction() ? `__Host-${name}` : name);
const base = () => ({ httpOnly: true, sameSite: "lax" as const, path: "/", secure: isProduction() });

export const sessionCookieName = () => host("next-auth.session-token");
/** The browser binding of a sign-in in progress (pending 2FA step, login ticket). */
export const signInCookieName = () => host("signin");
/** Long-lived random device id, for "new device" emails. */
export const deviceCookieName = () => host("device");

export const signInCookieOptions = () => ({ ...base(), maxAge: 5 * 60 });
export const deviceCookieOptions = () => ({ ...base(), maxAge: 400 * 24 * 60 * 60 });

export function nextAuthCookies(): Partial<CookiesOptions> {
  return {
    sessionToken: { name: sessionCookieName(), options: base() },
    csrfToken: { name: host("next-auth.csrf-token"), options: base() },
    callbackUrl: {
      name: isProduction() ? "__Secure-next-auth.callback-url" : "next-auth.callback-url",
      options: base(),
    },
  };
}

/** Reads one cookie from a raw Cookie header (next-auth hands authorize() plain headers). */
export function cookieFromHeader(header: string | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
