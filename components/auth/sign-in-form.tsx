"use client";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useActionState, useEffect, useState } from "react";
import { signInAction } from "@/app/(shop)/signin/actions";
import { initialAuthState, type AuthActionState } from "@/lib/auth/action-state";
import { Field, FieldErrors, FormStatus, SubmitButton } from "./form-parts";

// Step 1: email + password. Step 2 (2FA on): a code. Either step that completes sign-in returns a
// one-time login ticket, which this component hands to next-auth to create the session.
function useTicket(state: AuthActionState, next: string) {
  const [error, setError] = useState("");
  useEffect(() => {
    if (!state.ticket) return;
    let cancelled = false;
    void signIn("credentials", { ticket: state.ticket, redirect: false }).then((result) => {
      if (cancelled) return;
      if (result?.ok && !result.error) window.location.assign(next);
      else setError("We could not sign you in. Please try again.");
    });
    return () => {
      cancelled = true;
    };
  }, [state.ticket, next]);
  return error;
}

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signInAction, initialAuthState);
  const ticketError = useTicket(state, next);
  const busy = pending || (Boolean(state.ticket) && !ticketError);
  const status = <FormStatus ok={state.ok && !ticketError} message={ticketError || state.message} testId="signin-status" />;

  if (state.step === "second-factor" && !state.ticket) {
    return (
      <FieldErrors.Provider value={state.fields}>
        <form action={action} noValidate aria-label="Two-factor code" className="flex flex-col gap-4">
          <input type="hidden" name="step" value="second-factor" />
          <p className="text-gray-900">Open your authenticator app and enter the 6-digit code for Secure Store. Lost your phone? Enter one of your recovery codes instead.</p>
          <Field key="code" name="code" label="Authentication code" autoComplete="one-time-code" />
          <SubmitButton pending={busy} label="Verify" pendingLabel="Verifying…" />
          {status}
        </form>
      </FieldErrors.Provider>
    );
  }
  return (
    <FieldErrors.Provider value={state.fields}>
      <form action={action} noValidate aria-label="Sign in" className="flex flex-col gap-4">
        <input type="hidden" name="step" value="password" />
        <Field name="email" label="Email" type="email" autoComplete="username" />
        <Field name="password" label="Password" type="password" autoComplete="current-password" />
        <SubmitButton pending={busy} label="Sign in" pendingLabel="Signing in…" />
        {status}
        <p className="text-sm text-gray-900">
          <Link href="/forgot-password" className="text-blue-800 underline">
            Forgot your password?
          </Link>{" "}
          ·{" "}
          <Link href="/register" className="text-blue-800 underline">
            Create an account
          </Link>
        </p>
      </form>
    </FieldErrors.Provider>
  );
}
