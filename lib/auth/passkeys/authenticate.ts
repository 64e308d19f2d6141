import "server-only";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { AppError } from "@/lib/errors";
import { ipBucketKey } from "@/lib/rate-limit";
import { hashToken } from "@/lib/security/tokens";
import { parseInput } from "@/lib/validation";
import type { AuthDeps, RequestContext } from "../deps";
import { recordEvent } from "../events";
import { rateLimited } from "../rate-limited";
import { browserTokenSchema } from "../schemas";
import { issueTicket } from "../tickets";
import { claimChallenge, createChallenge, signedChallenge } from "./challenges";
import { parseTransports } from "./register";
import { relyingParty } from "./relying-party";
import { finishSignInSchema } from "./schemas";

// Signing in with a passkey: discoverable credentials (no email asked, so nothing to enumerate)
// and user verification required, so the passkey is two factors (the device, and the PIN or
// biometric that unlocks it) and yields a login ticket without the TOTP step. Every refusal
// gives the same answer, whether the credential is unknown, the signature forged or the
// challenge spent. Limited per client address like the password step.

export const PASSKEY_REFUSED = "That passkey could not be used to sign in. Try again, or sign in with your password.";

export async function beginPasskeySignIn(
  deps: AuthDeps,
  ctx: RequestContext,
  browserToken: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  parseInput(browserTokenSchema, browserToken);
  await limit(deps, ctx);
  const rp = relyingParty(deps.appUrl);
  const challenge = await createChallenge(
    deps.db,
    { purpose: "AUTHENTICATE", browserHash: hashToken(browserToken) },
    deps.now(),
  );
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    challenge: isoBase64URL.toBuffer(challenge),
    userVerification: "required",
    timeout: 120_000,
  });
}

export async function finishPasskeySignIn(
  deps: AuthDeps,
  ctx: RequestContext,
  browserToken: string,
  input: unknown,
): Promise<{ ticket: string }> {
  const { response } = parseInput(finishSignInSchema, input);
  if (!browserTokenSchema.safeParse(browserToken).success) throw new AppError("UNAUTHENTICATED", PASSKEY_REFUSED);
  const { db } = deps;
  const now = deps.now();
  await limit(deps, ctx);
  const refuse = async (detail: string, userId?: string) => {
    await recordEvent(db, ctx, { type: "PASSKEY_FAILURE", userId, detail });
    return new AppError("UNAUTHENTICATED", PASSKEY_REFUSED);
  };
  const challenge = signedChallenge(response.response.clientDataJSON);
  if (!(await claimChallenge(db, challenge, { purpose: "AUTHENTICATE", browserHash: hashToken(browserToken) }, now)))
    throw await refuse("challenge");
  const passkey = await db.passkey.findUnique({
    where: { credentialId: response.id },
    select: {
      id: true,
      userId: true,
      credentialId: true,
      publicKey: true,
      counter: true,
      transports: true,
    },
  });
  if (!passkey) throw await refuse("unknown-credential");
  // A discoverable credential names its account; it must be the passkey's own.
  if (response.response.userHandle && response.response.userHandle !== isoBase64URL.fromUTF8String(passkey.userId))
    throw await refuse("user-handle", passkey.userId);
  const rp = relyingParty(deps.appUrl);
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge!,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
    // The counter is checked below, against the stored value in a conditional update, so the
    // library is given 0 (which makes it skip its own check) and the refusal can be audited.
    credential: {
      id: passkey.credentialId,
      publicKey: isoBase64URL.toBuffer(passkey.publicKey),
      counter: 0,
      transports: parseTransports(passkey.transports),
    },
  }).catch(() => null);
  if (!verification?.verified || !verification.authenticationInfo.userVerified)
    throw await refuse("signature", passkey.userId);

  const stored = passkey.counter;
  const next = BigInt(verification.authenticationInfo.newCounter);
  // WebAuthn §7.2 step 21: a counter that does not move forward means two copies of the
  // authenticator exist. 0 and 0 is the authenticator that keeps no counter at all.
  if ((stored > 0n || next > 0n) && next <= stored) {
    await recordEvent(db, ctx, {
      type: "PASSKEY_COUNTER_REGRESSION",
      userId: passkey.userId,
      detail: `passkey:${passkey.id} stored:${stored} got:${next}`,
    });
    throw new AppError("UNAUTHENTICATED", PASSKEY_REFUSED);
  }
  const { count } = await db.passkey.updateMany({
    where: { id: passkey.id, counter: stored },
    data: { counter: next, lastUsedAt: now },
  });
  if (count !== 1) throw await refuse("counter-race", passkey.userId);

  await deps.limits.passkeySignInPerIp.reward(ipBucketKey(ctx.ip));
  return {
    ticket: await issueTicket(db, { userId: passkey.userId, browserToken, method: "PASSKEY", now }),
  };
}

async function limit(deps: AuthDeps, ctx: RequestContext) {
  const result = await deps.limits.passkeySignInPerIp.consume(ipBucketKey(ctx.ip));
  if (!result.allowed) {
    await recordEvent(deps.db, ctx, {
      type: "LOCKOUT",
      detail: "passkey-sign-in",
    });
    throw rateLimited(result.retryAfterSec);
  }
}
