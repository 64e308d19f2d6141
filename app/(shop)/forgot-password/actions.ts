"use server";
import { formObject, runAction } from "@/lib/actions";
import type { AuthActionState } from "@/lib/auth/action-state";
import { authDeps } from "@/lib/auth/app-deps";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { requestContext } from "@/lib/http/request-context";

export async function requestResetAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  return runAction(async () => requestPasswordReset(authDeps(), await requestContext(), formObject(form)), form);
}

export async function resetPasswordAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  return runAction(async () => resetPassword(authDeps(), await requestContext(), formObject(form)), form);
}
