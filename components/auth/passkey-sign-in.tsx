"use client";
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import { useState } from "react";
import type { PasskeyActionResult } from "@/lib/auth/passkeys/action-result";
import { FormStatus, SubmitButton } from "@/components/forms/form-parts";
import { useWebAuthnSupport } from "./use-webauthn";

// "Sign in with a passkey": asks the server for a challenge, lets the browser find a passkey for
// this site (no email needed), sends the signed answer back and hands the login ticket to
// next-auth. The passkey's PIN or biometric makes it two factors: no code step follows.
export type PasskeySignInActions = {
  begin: () => Promise<PasskeyActionResult<PublicKeyCredentialRequestOptionsJSON>>;
  finish: (input: { response: unknown }) => Promise<PasskeyActionResult<string>>;
};

export function PasskeySignIn({ next, actions }: { next: string; actions: PasskeySignInActions }) {
  const supported = useWebAuthnSupport(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  if (!supported) return null;

  async function run() {
    setBusy(true);
    setMessage("");
    try {
      const options = await actions.begin();
      if (!options.ok) return setMessage(options.message);
      const response = await startAuthentication({
        optionsJSON: options.value,
      }).catch(() => null);
      if (!response) return setMessage("No passkey was used. Try again, or sign in with your password.");
      const ticket = await actions.finish({ response });
      if (!ticket.ok) return setMessage(ticket.message);
      const result = await signIn("credentials", {
        ticket: ticket.value,
        redirect: false,
      });
      if (result?.ok && !result.error) return window.location.assign(next);
      setMessage("We could not sign you in. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      aria-label="Passkey"
      className="mt-8 flex flex-col gap-3 border-t border-gray-300 pt-6"
      onSubmit={(event) => {
        event.preventDefault();
        void run();
      }}
    >
      <p className="text-gray-900">Have a passkey for Secure Store? Use it instead of your password and code.</p>
      <SubmitButton pending={busy} label="Use a passkey" pendingLabel="Waiting for your passkey…" tone="plain" />
      <FormStatus ok={false} message={message} testId="passkey-signin-status" />
    </form>
  );
}
