"use server";
import { formObject, runAction } from "@/lib/actions";
import type { AuthActionState } from "@/lib/auth/action-state";
import { authDeps } from "@/lib/auth/app-deps";
import { registerAccount } from "@/lib/auth/register";
import { requestContext } from "@/lib/http/request-context";

export async function registerAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  return runAction(
    async () => (await registerAccount(authDeps(), await requestContext(), formObject(form))).message,
    form,
  );
}
