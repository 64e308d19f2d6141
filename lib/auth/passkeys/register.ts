import "server-only";
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { AppError } from "@/lib/errors";
import { passkeyAddedEmail } from "@/lib/notify/auth-emails";
import { parseInput } from "@/lib/validation";
import type { Actor } from "../authorize";
import type { AuthDeps, RequestContext } from "../deps";
import { recordEvent } from "../events";
import { confirmPasswordSchema } from "../schemas";
import { confirmPasswordForPasskeys } from "./confirm-password";
import { claimChallenge, createChallenge, signedChallenge } from "./challenges";
import { relyingParty } from "./relying-party";
import { finishRegistrationSchema } from "./schemas";

// Adding a passkey, in two requests. The first needs the account password again (fresh
// authentication: a session left open on a shared computer cannot add the attacker's passkey)
// and returns creation options whose challenge is bound to this user and session for 5 minutes.
// The second verifies the authenticator's answer against that challenge, the store's rpID and
// origin, and user verification, then stores the public key.

const MAX_PASSKEYS = 10;
const NOT_VERIFIED = "The passkey could not be verified. Please try again.";

export async function beginPasskeyRegistration(
  deps: AuthDeps,
  ctx: RequestContext,
  actor: Actor,
  input: unknown,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { password } = parseInput(confirmPasswordSchema, input);
  const { db } = deps;
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      passkeys: { select: { credentialId: true, transports: true } },
    },
  });
  await confirmPasswordForPasskeys(deps, ctx, { user, password, purpose: "add-passkey" });
  if (user.passkeys.length >= MAX_PASSKEYS)
    throw new AppError("CONFLICT", `You can keep at most ${MAX_PASSKEYS} passkeys. Remove one first.`);
  const rp = relyingParty(deps.appUrl);
  const challenge = await createChallenge(
    db,
    { purpose: "REGISTER", userId: user.id, sessionId: actor.sessionId },
    deps.now(),
  );
  return generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: user.name,
    // The user handle is the account id (random, no personal data): a discoverable sign-in returns it.
    userID: new TextEncoder().encode(user.id),
    challenge: isoBase64URL.toBuffer(challenge),
    attestationType: "none",
    timeout: 120_000,
    excludeCredentials: user.passkeys.map((p) => ({
      id: p.credentialId,
      transports: parseTransports(p.transports),
    })),
    authenticatorSelection: {
      residentKey: "required",
      userVerification: "required",
    },
  });
}

export async function finishPasskeyRegistration(
  deps: AuthDeps,
  ctx: RequestContext,
  actor: Actor,
  input: unknown,
): Promise<{ id: string; name: string }> {
  const { name, response } = parseInput(finishRegistrationSchema, input);
  const { db } = deps;
  const now = deps.now();
  const challenge = signedChallenge(response.response.clientDataJSON);
  if (
    !(await claimChallenge(db, challenge, { purpose: "REGISTER", userId: actor.id, sessionId: actor.sessionId }, now))
  ) {
    throw new AppError("CONFLICT", "That request to add a passkey has expired. Please start again.");
  }
  const rp = relyingParty(deps.appUrl);
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge!,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) {
    await recordEvent(db, ctx, {
      type: "PASSKEY_FAILURE",
      userId: actor.id,
      detail: "registration",
    });
    throw new AppError("VALIDATION", NOT_VERIFIED);
  }
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: { email: true, _count: { select: { passkeys: true } } },
  });
  if (user._count.passkeys >= MAX_PASSKEYS)
    throw new AppError("CONFLICT", `You can keep at most ${MAX_PASSKEYS} passkeys. Remove one first.`);
  if (
    await db.passkey.findUnique({
      where: { credentialId: credential.id },
      select: { id: true },
    })
  ) {
    throw new AppError("CONFLICT", "This passkey is already registered.");
  }
  const created = await db.passkey.create({
    data: {
      userId: actor.id,
      credentialId: credential.id,
      publicKey: isoBase64URL.fromBuffer(credential.publicKey),
      counter: BigInt(credential.counter),
      transports: response.response.transports ? JSON.stringify(response.response.transports) : null,
      name,
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      createdAt: now,
    },
    select: { id: true, name: true },
  });
  await recordEvent(db, ctx, {
    type: "PASSKEY_ADDED",
    userId: actor.id,
    detail: `passkey:${created.id}`,
  });
  deps.notify(passkeyAddedEmail(user.email, name, deps.appUrl));
  return created;
}

export function parseTransports(
  json: string | null,
): ("ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb")[] | undefined {
  if (!json) return undefined;
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? (list.filter((t) => typeof t === "string") as never[]) : undefined;
  } catch {
    return undefined;
  }
}
