"use server";
import { refresh } from "next/cache";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { authDeps } from "@/lib/auth/app-deps";
import { requireUser } from "@/lib/auth/authorize";
import { currentUser } from "@/lib/auth/current-user";
import type { PasskeyActionResult } from "@/lib/auth/passkeys/action-result";
import { removePasskey, renamePasskey } from "@/lib/auth/passkeys/manage";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "@/lib/auth/passkeys/register";
import { toPublicError } from "@/lib/errors";
import { requestContext } from "@/lib/http/request-context";

// The security page's passkey actions: each loads the actor, calls one domain function.

async function signedIn() {
  return {
    actor: requireUser(await currentUser()),
    deps: authDeps(),
    ctx: await requestContext(),
  };
}

async function result<T>(work: () => Promise<T>): Promise<PasskeyActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const { message, fields } = toPublicError(error);
    return { ok: false, message, fields };
  }
}

export async function beginPasskeyRegistrationAction(input: {
  password: string;
}): Promise<PasskeyActionResult<PublicKeyCredentialCreationOptionsJSON>> {
  return result(async () => {
    const { actor, deps, ctx } = await signedIn();
    return beginPasskeyRegistration(deps, ctx, actor, input);
  });
}

export async function finishPasskeyRegistrationAction(input: {
  name: string;
  response: unknown;
}): Promise<PasskeyActionResult<string>> {
  return result(async () => {
    const { actor, deps, ctx } = await signedIn();
    const created = await finishPasskeyRegistration(deps, ctx, actor, input);
    refresh();
    return `Passkey "${created.name}" added. You can now sign in with it.`;
  });
}

export async function renamePasskeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { actor, deps } = await signedIn();
    await renamePasskey(deps, actor, formObject(form));
    refresh();
    return "Passkey renamed.";
  }, form);
}

export async function removePasskeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { actor, deps, ctx } = await signedIn();
    await removePasskey(deps, ctx, actor, formObject(form));
    refresh();
    return "Passkey removed.";
  }, form);
}
