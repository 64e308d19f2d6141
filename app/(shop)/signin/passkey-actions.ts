"use server";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { authDeps } from "@/lib/auth/app-deps";
import { ensureDeviceCookie, readSignInBinding, startSignInBinding } from "@/lib/auth/browser-cookies";
import type { PasskeyActionResult } from "@/lib/auth/passkeys/action-result";
import { beginPasskeySignIn, finishPasskeySignIn } from "@/lib/auth/passkeys/authenticate";
import { toPublicError } from "@/lib/errors";
import { requestContext } from "@/lib/http/request-context";

// Passkey sign-in: the challenge is bound to a fresh httpOnly sign-in cookie, and the answer
// yields a login ticket that next-auth redeems (from that same browser) like the password steps'.

function failed(error: unknown): PasskeyActionResult<never> {
  const { message, fields } = toPublicError(error);
  return { ok: false, message, fields };
}

export async function beginPasskeySignInAction(): Promise<PasskeyActionResult<PublicKeyCredentialRequestOptionsJSON>> {
  try {
    await ensureDeviceCookie();
    const browserToken = await startSignInBinding();
    return {
      ok: true,
      value: await beginPasskeySignIn(authDeps(), await requestContext(), browserToken),
    };
  } catch (error) {
    return failed(error);
  }
}

export async function finishPasskeySignInAction(input: { response: unknown }): Promise<PasskeyActionResult<string>> {
  try {
    const { ticket } = await finishPasskeySignIn(authDeps(), await requestContext(), await readSignInBinding(), input);
    return { ok: true, value: ticket };
  } catch (error) {
    return failed(error);
  }
}
