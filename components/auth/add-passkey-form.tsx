"use client";
import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useState } from "react";
import { initialActionState } from "@/lib/action-state";
import type { PasskeyActionResult } from "@/lib/auth/passkeys/action-result";
import { Field, FormContext, FormStatus, SubmitButton } from "@/components/forms/form-parts";
import { useWebAuthnSupport } from "./use-webauthn";

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");
const idle = initialActionState;

export type AddPasskeyActions = {
  begin: (input: { password: string }) => Promise<PasskeyActionResult<PublicKeyCredentialCreationOptionsJSON>>;
  finish: (input: { name: string; response: unknown }) => Promise<PasskeyActionResult<string>>;
};

// Adding a passkey: the password again (fresh authentication), then the browser creates a key
// pair for this site on the device and the server stores the public key.
export function AddPasskeyForm({ actions }: { actions: AddPasskeyActions }) {
  const supported = useWebAuthnSupport(true);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState(idle);
  if (!supported) return <p>This browser cannot create passkeys.</p>;

  async function add(form: HTMLFormElement) {
    const data = new FormData(form);
    const name = text(data.get("name"));
    setBusy(true);
    setStatus(idle);
    try {
      const options = await actions.begin({
        password: text(data.get("password")),
      });
      if (!options.ok)
        return setStatus({
          ok: false,
          message: options.message,
          fields: options.fields,
        });
      const response = await startRegistration({
        optionsJSON: options.value,
      }).catch(() => null);
      if (!response)
        return setStatus({
          ok: false,
          message: "No passkey was created. Please try again.",
          fields: {},
        });
      const done = await actions.finish({ name, response });
      if (!done.ok)
        return setStatus({
          ok: false,
          message: done.message,
          fields: done.fields,
        });
      form.reset();
      setStatus({ ok: true, message: done.value, fields: {} });
    } finally {
      setBusy(false);
    }
  }

  return (
    <FormContext.Provider value={{ fields: status.fields, values: {}, idPrefix: null }}>
      <form
        noValidate
        aria-label="Add a passkey"
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          void add(event.currentTarget);
        }}
      >
        <Field name="name" label="Name for this passkey" hint="For example: Work laptop, Phone" autoComplete="off" />
        <Field name="password" label="Password" type="password" autoComplete="current-password" />
        <SubmitButton pending={busy} label="Add a passkey" pendingLabel="Waiting for your device…" />
        <FormStatus ok={status.ok} message={status.message} testId="add-passkey-status" />
      </form>
    </FormContext.Provider>
  );
}
