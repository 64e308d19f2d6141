"use client";
import type { AuthActionState } from "@/lib/auth/action-state";
import type { FormAction } from "@/lib/action-state";
import { ActionForm } from "@/components/forms/action-form";
import { Field } from "@/components/forms/form-parts";
import { NewPasswordField } from "./password-field";

export function RegisterForm({ action }: { action: FormAction<AuthActionState> }) {
  return (
    <ActionForm
      action={action}
      label="Create an account"
      submitLabel="Create account"
      pendingLabel="Creating your account…"
      statusTestId="register-status"
      className="flex flex-col gap-4"
      done={(state) => (
        <p
          role="status"
          className="rounded border border-green-700 bg-green-50 p-4 font-medium text-green-900"
          data-testid="register-status"
        >
          {state.message}
        </p>
      )}
    >
      <Field name="name" label="Name" autoComplete="name" />
      <Field name="email" label="Email" type="email" autoComplete="email" />
      <NewPasswordField />
    </ActionForm>
  );
}
