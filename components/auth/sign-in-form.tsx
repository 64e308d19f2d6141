"use client";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useActionState, useEffect, useState } from "react";
import { initialActionState, type FormAction } from "@/lib/action-state";
import type { AuthActionState } from "@/lib/auth/action-state";
import { FormScaffold } from "@/components/forms/action-form";
import { Field } from "@/components/forms/form-parts";

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

export function SignInForm({ action, next }: { action: FormAction<AuthActionState>; next: string }) {
  const [state, formAction, pending] = useActionState<AuthActionState, FormData>(action, initialActionState);
  const ticketError = useTicket(state, next);
  const scaffold = {
    state,
    formAction,
    pending: pending || (Boolean(state.ticket) && !ticketError),
    statusTestId: "signin-status",
    className: "flex flex-col gap-4",
    status: ticketError ? { ok: false, message: ticketError } : undefined,
  };

  if (state.step === "second-factor" && !state.ticket) {
    return (
      <FormScaffold
        key="second-factor"
        {...scaffold}
        label="Two-factor code"
        submitLabel="Verify"
        pendingLabel="Verifying…"
      >
        <input type="hidden" name="step" value="second-factor" />
        <p className="text-gray-900">
          Open your authenticator app and enter the 6-digit code for Secure Store. Lost your phone? Enter one of your
          recovery codes instead.
        </p>
        <Field name="code" label="Authentication code" autoComplete="one-time-code" />
      </FormScaffold>
    );
  }
  return (
    <FormScaffold
      key="password"
      {...scaffold}
      label="Sign in"
      submitLabel="Sign in"
      pendingLabel="Signing in…"
      footer={
        <p className="text-sm text-gray-900">
          <Link href="/forgot-password" className="text-blue-800 underline">
            Forgot your password?
          </Link>{" "}
          ·{" "}
          <Link href="/register" className="text-blue-800 underline">
            Create an account
          </Link>
        </p>
      }
    >
      <input type="hidden" name="step" value="password" />
      <Field name="email" label="Email" type="email" autoComplete="username" />
      <Field name="password" label="Password" type="password" autoComplete="current-password" />
    </FormScaffold>
  );
}
