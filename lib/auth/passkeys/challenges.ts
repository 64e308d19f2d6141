import "server-only";
import { decodeClientDataJSON } from "@simplewebauthn/server/helpers";
import type { Db } from "@/lib/db";
import { newToken } from "@/lib/security/tokens";

// WebAuthn challenges live on the server: random, 5 minutes, single use, and bound to whoever
// asked for them: the browser (hash of its httpOnly sign-in cookie) for a sign-in, the user and
// session for adding a passkey. The challenge inside the browser's signed clientDataJSON is
// claimed with one conditional update before the signature is even checked, so an assertion
// replayed (or raced twice) finds its challenge used and is refused.

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export type ChallengeBinding =
  { purpose: "AUTHENTICATE"; browserHash: string } | { purpose: "REGISTER"; userId: string; sessionId: string };

export async function createChallenge(db: Db, binding: ChallengeBinding, now: Date): Promise<string> {
  const challenge = newToken(32);
  await db.webAuthnChallenge.create({
    data: {
      challenge,
      purpose: binding.purpose,
      browserHash: binding.purpose === "AUTHENTICATE" ? binding.browserHash : null,
      userId: binding.purpose === "REGISTER" ? binding.userId : null,
      sessionId: binding.purpose === "REGISTER" ? binding.sessionId : null,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
      createdAt: now,
    },
  });
  return challenge;
}

/** The challenge the browser signed, read from clientDataJSON; null when it cannot be read. */
export function signedChallenge(clientDataJSON: string): string | null {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    return typeof challenge === "string" && /^[A-Za-z0-9_-]{43}$/.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

/** Marks the challenge used if it is live and bound to `binding`; false otherwise (unknown, used, expired, someone else's). */
export async function claimChallenge(
  db: Db,
  challenge: string | null,
  binding: ChallengeBinding,
  now: Date,
): Promise<boolean> {
  if (!challenge) return false;
  const owner =
    binding.purpose === "AUTHENTICATE"
      ? { browserHash: binding.browserHash }
      : { userId: binding.userId, sessionId: binding.sessionId };
  const { count } = await db.webAuthnChallenge.updateMany({
    where: {
      challenge,
      purpose: binding.purpose,
      ...owner,
      usedAt: null,
      expiresAt: { gt: now },
    },
    data: { usedAt: now },
  });
  return count === 1;
}
