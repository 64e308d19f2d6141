"use client";
import { useContext } from "react";
import { Field, FormContext } from "@/components/forms/form-parts";

// The authenticator code a decision above the step-up amount asks for (lib/admin/step-up.ts),
// shared by the decision form and the two-person confirm form: the house labelled field, with
// the server's message for it. Never refilled after a refusal (a code is single use).
export function StepUpCodeField({ error, hint }: { error?: string; hint?: string }) {
  const outer = useContext(FormContext);
  // The form's own context (its id prefix, so an error summary can link here), with this
  // field's error and never a refilled value.
  const { totpCode: _kept, ...values } = outer.values;
  return (
    <FormContext.Provider
      value={{ ...outer, values, fields: error ? { ...outer.fields, totpCode: error } : outer.fields }}
    >
      <Field name="totpCode" label="Authenticator code" inputMode="numeric" autoComplete="one-time-code" hint={hint} />
    </FormContext.Provider>
  );
}
