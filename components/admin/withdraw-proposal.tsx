"use client";
import { useId, useRef, useState } from "react";
import { ConfirmStep } from "@/components/admin/confirm-step";

/**
 * The proposer's "Withdraw proposal" button and its confirmation step. The action and its state
 * belong to the proposal panel, so the answer stays on screen after the proposal closes.
 */
export function WithdrawProposal({
  proposalId,
  kind,
  action,
  pending,
}: {
  proposalId: string;
  kind: "APPROVE" | "REFUND";
  action: (form: FormData) => void;
  pending: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const id = `${useId().replace(/[^A-Za-z0-9_-]/g, "")}-withdraw`;
  const moved = kind === "APPROVE" ? "captured" : "refunded";
  return (
    <form
      action={action}
      aria-label="Withdraw your proposal"
      className="flex flex-col gap-2"
      data-testid="withdraw-form"
    >
      <input type="hidden" name="proposalId" value={proposalId} />
      <button
        ref={opener}
        type="button"
        disabled={pending}
        aria-expanded={confirming}
        aria-controls={id}
        onClick={() => setConfirming(true)}
        className="self-start rounded border border-red-700 bg-white px-4 py-2 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60"
      >
        Withdraw proposal
      </button>
      <ConfirmStep
        id={id}
        open={confirming}
        heading="Withdraw your proposal?"
        testId="withdraw-confirm"
        onBack={() => {
          setConfirming(false);
          opener.current?.focus();
        }}
        confirmLabel="Yes, withdraw it"
        pending={pending}
      >
        Nobody can confirm it afterwards and nothing is {moved}. It can be proposed again.
      </ConfirmStep>
    </form>
  );
}
