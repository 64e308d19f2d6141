import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env, isProduction } from "@/lib/env";
import { authDeps, staffSessionPolicy } from "./app-deps";
import { cookieFromHeader, deviceCookieName, nextAuthCookies, signInCookieName } from "./cookies";
import { contextFromHeaders } from "@/lib/http/request-context";
import { activeSession, SESSION_TTL_SECONDS } from "./sessions";
import { completeSignIn } from "./sign-in";

// next-auth 4 (JWT strategy) owns the session cookie, its signing and its CSRF token. Its one
// provider accepts nothing but a login ticket (lib/auth/tickets.ts): passwords and codes are
// checked earlier, by the sign-in server actions. The JWT carries only the UserSession id; every
// request checks that row (currentUser), so a revoked session is over even with a valid JWT.

function toHeaders(raw: Record<string, unknown> | undefined): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw ?? {})) if (typeof v === "string") h.set(k, v);
  return h;
}

let options: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  // next-auth reads its own origin from NEXTAUTH_URL (for redirects it builds): the public URL.
  process.env.NEXTAUTH_URL ??= env().APP_URL;
  options ??= {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_TTL_SECONDS },
    jwt: { maxAge: SESSION_TTL_SECONDS },
    useSecureCookies: isProduction(),
    cookies: nextAuthCookies(),
    pages: { signIn: "/signin", error: "/signin", signOut: "/account" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Login ticket",
        credentials: { ticket: { label: "Ticket", type: "text" } },
        async authorize(credentials, req) {
          const headers = toHeaders(req.headers);
          const cookie = headers.get("cookie");
          const result = await completeSignIn(authDeps(), contextFromHeaders(headers), {
            ticket: credentials?.ticket,
            browserToken: cookieFromHeader(cookie, signInCookieName()),
            deviceToken: cookieFromHeader(cookie, deviceCookieName()),
          });
          return result ? { id: result.userId, sessionId: result.sessionId } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // Only on sign-in is `user` set; nothing but the ids goes into the token.
        if (user) return { sub: user.id, sid: user.sessionId };
        return token;
      },
      // /api/auth/session answers from the JWT alone unless told otherwise: check the server-side
      // row here too, so a revoked session (or a copied cookie of one) reports nothing there either.
      async session({ session, token }) {
        const live =
          typeof token.sid === "string" ? await activeSession(db(), token.sid, new Date(), staffSessionPolicy()) : null;
        return live ? { expires: session.expires, sessionId: token.sid } : { expires: session.expires };
      },
    },
    events: {
      // next-auth's own sign-out route (POST with its CSRF token) ends the server-side session too.
      async signOut({ token }) {
        if (typeof token.sid === "string")
          await db().userSession.updateMany({
            where: { id: token.sid, revokedAt: null },
            data: { revokedAt: new Date() },
          });
      },
    },
  };
  return options;
}
