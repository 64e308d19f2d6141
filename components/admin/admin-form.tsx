"use client";
import { useActionState, type ReactNode } from "react";
import { FieldErrors, FormStatus, SubmitButton } from "@/components/auth/form-parts";
import type { ActionState } from "@/lib/actions";

const initial: ActionState = { ok: false, message: "", fields: {} };

type Props = {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  submitLabel: string;
  label: string;
  tone?: "primary" | "danger" | "plain";
  testId?: string;
  inline?: boolean;
  children?: ReactNode;
};

/** A small admin form posting to a server action, with field errors and a status line. */
export function AdminForm({ action, submitLabel, label, tone, testId, inline, children }: Props) {
  const [state, formAction, pending] = useActionState(action, initial);
  return (
    <FieldErrors.Provider value={state.fields}>
      <form action={formAction} noValidate aria-label={label} data-testid={testId} className={inline ? "flex flex-wrap items-end gap-2" : "flex flex-col gap-3"}>
        {children}
        <SubmitButton pending={pending} label={submitLabel} tone={tone} />
        <FormStatus ok={state.ok} message={state.message} testId={testId ? `${testId}-status` : undefined} />
      </form>
    </FieldErrors.Provider>
  );
}
