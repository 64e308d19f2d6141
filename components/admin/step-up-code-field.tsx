"use client";
import { Field, FieldErrors } from "@/components/auth/form-parts";

// The authenticator code a decision above the step-up amount asks for (lib/admin/step-up.ts),
// shared by the decision form and the two-person confirm form: the house labelled field, with
// the server's message for it. Never refilled after a refusal (a code is single use).
export function StepUpCodeField({ error, hint }: { error?: string; hint?: string }) {
  return (
    <FieldErrors.Provider value={error ? { totpCode: error } : {}}>
      <Field name="totpCode" label="Authenticator code" inputMode="numeric" autoComplete="one-time-code" hint={hint} />
    </FieldErrors.Provider>
  );
}
