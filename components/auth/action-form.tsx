"use client";
import { useActionState, type ReactNode } from "react";
import { initialAuthState, type AuthActionState } from "@/lib/auth/action-state";
import { FieldErrors, FormStatus, SubmitButton } from "./form-parts";
import { RecoveryCodes } from "./recovery-codes";

type Props = {
  action: (prev: AuthActionState, form: FormData) => Promise<AuthActionState>;
  submitLabel: string;
  tone?: "primary" | "danger" | "plain";
  label?: string;
  testId?: string;
  children?: ReactNode;
};

/** A form posting to a server action, with field errors, a status line and (when sent) recovery codes. */
export function ActionForm({ action, submitLabel, tone, label, testId, children }: Props) {
  const [state, formAction, pending] = useActionState(action, initialAuthState);
  if (state.recoveryCodes) return <RecoveryCodes codes={state.recoveryCodes} message={state.message} />;
  return (
    <FieldErrors.Provider value={state.fields}>
      <form action={formAction} noValidate aria-label={label} data-testid={testId} className="flex flex-col gap-3">
        {children}
        <SubmitButton pending={pending} label={submitLabel} tone={tone} />
        <FormStatus ok={state.ok} message={state.message} />
      </form>
    </FieldErrors.Provider>
  );
}
