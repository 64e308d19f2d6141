"use server";
import { redirect } from "next/navigation";
import { formObject, runAction } from "@/lib/actions";
import type { AuthActionState } from "@/lib/auth/action-state";
import { requireUser } from "@/lib/auth/authorize";
import { clearSessionCookies } from "@/lib/auth/browser-cookies";
import { currentUser } from "@/lib/auth/current-user";
import { requestContext } from "@/lib/http/request-context";
import { privacyDeps } from "@/lib/privacy/deps";
import { deleteAccount } from "@/lib/privacy/erase";

export async function deleteAccountAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  const state = await runAction(async () => {
    const actor = requireUser(await currentUser());
    await deleteAccount(privacyDeps(), await requestContext(), actor, formObject(form));
    return "Your account was deleted.";
  }, form);
  if (!state.ok) return state;
  await clearSessionCookies();
  redirect("/?account=deleted");
}
