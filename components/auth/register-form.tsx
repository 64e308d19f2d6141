"use client";
import { useActionState } from "react";
import { registerAction } from "@/app/(shop)/register/actions";
import { initialAuthState } from "@/lib/auth/action-state";
import { Field, FieldErrors, FormStatus, SubmitButton } from "./form-parts";
import { NewPasswordField } from "./password-field";

export function RegisterForm() {
  const [state, action, pending] = useActionState(registerAction, initialAuthState);
  if (state.ok) {
    return (
      <p role="status" className="rounded border border-green-700 bg-green-50 p-4 font-medium text-green-900" data-testid="register-status">
        {state.message}
      </p>
    );
  }
  return (
    <FieldErrors.Provider value={state.fields}>
      <form action={action} noValidate aria-label="Create an account" className="flex flex-col gap-4">
        <Field name="name" label="Name" autoComplete="name" />
        <Field name="email" label="Email" type="email" autoComplete="email" />
        <NewPasswordField />
        <SubmitButton pending={pending} label="Create account" pendingLabel="Creating your account…" />
        <FormStatus ok={state.ok} message={state.message} testId="register-status" />
      </form>
    </FieldErrors.Provider>
  );
}
