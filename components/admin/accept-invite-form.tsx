"use client";
import { useActionState, useEffect, useState } from "react";
import { FormStatus, SubmitButton } from "@/components/forms/form-parts";
import { initialActionState, type ActionState } from "@/lib/action-state";

/** Reads the invitation token from the URL fragment (never sent to the server) and posts it. */
export function AcceptInviteForm({ action }: { action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  const [token, setToken] = useState("");
  useEffect(() => {
    const match = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
    // The fragment is read once after hydration; it never leaves the browser except in this form.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (match?.[1]) setToken(match[1]);
  }, []);
  return (
    <form
      action={formAction}
      aria-label="Accept the invitation"
      className="flex flex-col gap-3"
      data-testid="accept-invite-form"
    >
      <input type="hidden" name="token" value={token} />
      {token ? null : <p className="text-red-800">This page needs the link from your invitation email.</p>}
      <SubmitButton pending={pending} label="Accept the invitation" />
      <FormStatus ok={state.ok} message={state.message} testId="accept-invite-status" />
    </form>
  );
}
