"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { FormAction } from "@/lib/action-state";
import type { AuthActionState } from "@/lib/auth/action-state";
import { ActionForm } from "@/components/forms/action-form";
import { NewPasswordField } from "./password-field";

// The emailed link carries its token in the URL fragment, which never reaches the server or a
// Referer header. It is read here, removed from the address bar, and posted with the form.
export function ResetPasswordForm({ action }: { action: FormAction<AuthActionState> }) {
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => {
    const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
    // Reading the fragment is only possible after hydration, hence state set in an effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setToken(match?.[1] ?? "");
    if (match) window.history.replaceState(null, "", window.location.pathname);
  }, []);
  if (token === "") {
    return (
      <p role="status" className="text-red-800">
        This page needs the link from your reset email.{" "}
        <Link href="/forgot-password" className="text-blue-800 underline">
          Request a new link
        </Link>
        .
      </p>
    );
  }
  return (
    <ActionForm
      action={action}
      label="Choose a new password"
      submitLabel="Change password"
      pendingLabel="Changing your password…"
      statusTestId="reset-status"
      className="flex flex-col gap-4"
      done={(state) => (
        <div className="flex flex-col gap-4">
          <p
            role="status"
            className="rounded border border-green-700 bg-green-50 p-4 font-medium text-green-900"
            data-testid="reset-status"
          >
            {state.message}
          </p>
          <Link
            href="/signin"
            className="self-start rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800"
          >
            Sign in
          </Link>
        </div>
      )}
    >
      <input type="hidden" name="token" value={token ?? ""} />
      <NewPasswordField label="New password" />
    </ActionForm>
  );
}
