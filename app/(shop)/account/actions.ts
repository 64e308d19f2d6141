"use server";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { failedAction, formObject, runAction } from "@/lib/actions";
import { changePassword } from "@/lib/auth/account";
import type { AuthActionState } from "@/lib/auth/action-state";
import { authDeps } from "@/lib/auth/app-deps";
import { requireUser } from "@/lib/auth/authorize";
import { clearSessionCookies } from "@/lib/auth/browser-cookies";
import { currentUser } from "@/lib/auth/current-user";
import { requestContext } from "@/lib/http/request-context";
import { revokeOtherSessions, revokeSession } from "@/lib/auth/sessions";
import { confirmEnrollment, disableTwoFactor, regenerateRecoveryCodes, startEnrollment } from "@/lib/auth/two-factor";

// The account's server actions: each loads the actor, calls one domain function, refreshes.

async function signedIn() {
  return { actor: requireUser(await currentUser()), deps: authDeps(), ctx: await requestContext() };
}

export async function signOutAction(): Promise<void> {
  const actor = await currentUser();
  if (actor) {
    const { deps, ctx } = await signedIn();
    await revokeSession(deps.db, ctx, actor, { sessionId: actor.sessionId }, { now: deps.now() }).catch(
      () => undefined,
    );
  }
  await clearSessionCookies();
  redirect("/");
}

export async function changePasswordAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  return runAction(async () => {
    const { actor, deps, ctx } = await signedIn();
    const message = await changePassword(deps, ctx, actor, formObject(form));
    refresh();
    return message;
  }, form);
}

async function withCodes(work: () => Promise<{ recoveryCodes: string[] }>, message: string): Promise<AuthActionState> {
  try {
    const { recoveryCodes } = await work();
    // No refresh(): the page would re-render without the codes before the user saved them.
    return { ok: true, message, fields: {}, recoveryCodes };
  } catch (error) {
    return failedAction(error);
  }
}

export async function confirmEnrollmentAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  return withCodes(async () => {
    const { actor, deps, ctx } = await signedIn();
    return confirmEnrollment(deps, ctx, actor, formObject(form));
  }, "Two-factor authentication is on. Your other sessions were signed out.");
}

export async function regenerateCodesAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  return withCodes(async () => {
    const { actor, deps, ctx } = await signedIn();
    return regenerateRecoveryCodes(deps, ctx, actor, formObject(form));
  }, "New recovery codes created. The old ones no longer work.");
}

export async function disableTwoFactorAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  return runAction(async () => {
    const { actor, deps, ctx } = await signedIn();
    await disableTwoFactor(deps, ctx, actor, formObject(form));
    refresh();
    return "Two-factor authentication is off.";
  }, form);
}

export async function revokeSessionAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  return runAction(async () => {
    const { actor, deps, ctx } = await signedIn();
    await revokeSession(deps.db, ctx, actor, formObject(form), { now: deps.now() });
    refresh();
    return "That session has been signed out.";
  }, form);
}

export async function revokeOtherSessionsAction(_prev: AuthActionState, _form: FormData): Promise<AuthActionState> {
  return runAction(async () => {
    const { actor, deps, ctx } = await signedIn();
    const count = await revokeOtherSessions(deps.db, ctx, {
      userId: actor.id,
      keep: actor.sessionId,
      now: deps.now(),
      reason: "signed-out-everywhere-else",
    });
    refresh();
    return count === 0
      ? "There were no other sessions."
      : `Signed out ${count} other session${count === 1 ? "" : "s"}.`;
  });
}

export async function startEnrollmentAction(_prev: AuthActionState, _form: FormData): Promise<AuthActionState> {
  return runAction(async () => {
    const { actor, deps } = await signedIn();
    await startEnrollment(deps, actor);
    refresh();
    return "Scan the QR code with your authenticator app.";
  });
}
