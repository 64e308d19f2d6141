"use server";
import { failedAction, formObject } from "@/lib/actions";
import type { AuthActionState } from "@/lib/auth/action-state";
import { authDeps } from "@/lib/auth/app-deps";
import { ensureDeviceCookie, readSignInBinding, startSignInBinding } from "@/lib/auth/browser-cookies";
import { requestContext } from "@/lib/http/request-context";
import { passwordStep, secondFactorStep } from "@/lib/auth/sign-in";

function failed(error: unknown, step: AuthActionState["step"], form: FormData): AuthActionState {
  const state = failedAction(error, form);
  // An expired or unknown pending sign-in starts over at the password step.
  return { ...state, step: state.reason === "SIGN_IN_EXPIRED" ? "password" : step };
}

async function passwordStepAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  try {
    await ensureDeviceCookie();
    const browserToken = await startSignInBinding();
    const result = await passwordStep(authDeps(), await requestContext(), browserToken, formObject(form));
    if (result.step === "second-factor")
      return { ok: true, message: "Enter the code from your authenticator app.", fields: {}, step: "second-factor" };
    return { ok: true, message: "Signing you in…", fields: {}, step: "password", ticket: result.ticket };
  } catch (error) {
    return failed(error, "password", form);
  }
}

async function secondFactorAction(_prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  try {
    const { ticket } = await secondFactorStep(
      authDeps(),
      await requestContext(),
      await readSignInBinding(),
      formObject(form),
    );
    return { ok: true, message: "Signing you in…", fields: {}, step: "second-factor", ticket };
  } catch (error) {
    return failed(error, "second-factor", form);
  }
}

/** One entry point for the two-step form: the hidden `step` field says which step is posted. */
export async function signInAction(prev: AuthActionState, form: FormData): Promise<AuthActionState> {
  return form.get("step") === "second-factor" ? secondFactorAction(prev, form) : passwordStepAction(prev, form);
}
