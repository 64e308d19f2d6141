import "server-only";
import { cookies } from "next/headers";
import { newToken } from "@/lib/security/tokens";
import {
  deviceCookieName,
  deviceCookieOptions,
  sessionCookieName,
  signInCookieName,
  signInCookieOptions,
} from "./cookies";

// Cookie plumbing for the sign-in server actions. The values are random tokens; the database
// keeps only their hashes.

/** A fresh browser binding for a sign-in attempt (replaces any previous one). */
export async function startSignInBinding(): Promise<string> {
  const token = newToken(32);
  (await cookies()).set(signInCookieName(), token, signInCookieOptions());
  return token;
}

export async function readSignInBinding(): Promise<string> {
  return (await cookies()).get(signInCookieName())?.value ?? "";
}

/** Gives the browser a device id if it has none yet. */
export async function ensureDeviceCookie(): Promise<void> {
  const jar = await cookies();
  if (!/^[A-Za-z0-9_-]{43}$/.test(jar.get(deviceCookieName())?.value ?? ""))
    jar.set(deviceCookieName(), newToken(32), deviceCookieOptions());
}

export async function clearSessionCookies(): Promise<void> {
  const jar = await cookies();
  for (const name of [sessionCookieName(), signInCookieName()])
    jar.delete({ name, path: "/", secure: name.startsWith("__Host-") });
  // A large JWT is split by next-auth into .0, .1, … chunks.
  for (const c of jar.getAll())
    if (c.name.startsWith(`${sessionCookieName()}.`))
      jar.delete({ name: c.name, path: "/", secure: c.name.startsWith("__Host-") });
}
