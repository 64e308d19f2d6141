"use client";
import type { ComponentProps } from "react";
import type { AuthActionState } from "@/lib/auth/action-state";
import { ActionForm } from "@/components/forms/action-form";

/** A form whose success creates recovery codes: they replace it, shown once. */
export function RecoveryCodesForm(props: ComponentProps<typeof ActionForm<AuthActionState>>) {
  return (
    <ActionForm<AuthActionState>
      {...props}
      done={(state) =>
        state.recoveryCodes ? <RecoveryCodes codes={state.recoveryCodes} message={state.message} /> : null
      }
    />
  );
}

// Shown exactly once, right after they are created; only their hashes are stored.
function RecoveryCodes({ codes, message }: { codes: string[]; message: string }) {
  return (
    <section
      aria-labelledby="recovery-codes-heading"
      className="flex flex-col gap-3 rounded border border-green-700 bg-green-50 p-4"
    >
      <p role="status" className="font-medium text-green-900">
        {message}
      </p>
      <h3 id="recovery-codes-heading" className="text-lg font-semibold">
        Your recovery codes
      </h3>
      <p className="text-sm text-gray-900">
        Save these somewhere safe now: they will not be shown again. Each one signs you in once if you lose your
        authenticator app.
      </p>
      <ul className="grid grid-cols-2 gap-2 font-mono text-base" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <a
        href="/account/security"
        className="self-start rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800"
      >
        I have saved my codes
      </a>
    </section>
  );
}
