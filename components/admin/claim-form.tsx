"use client";
import { useActionState } from "react";
import { FormStatus } from "@/components/forms/form-parts";
import { initialActionState, type ActionState } from "@/lib/action-state";

type Props = {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  orderId: string;
  reference: string;
  intent: "take" | "release";
  /** "Take", "Take over" or "Release". */
  label: string;
};

/**
 * One queue row's take/release button. The same form stays mounted while the row changes from
 * "Take" to "Release", so focus stays on the button and its status line is read out.
 */
export function ClaimForm({ action, orderId, reference, intent, label }: Props) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-1" data-testid="claim-form">
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="intent" value={intent} />
      {/* aria-disabled, not disabled: a disabled button loses focus, and focus should stay here. */}
      <button
        type="submit"
        aria-disabled={pending}
        className={`self-start rounded px-3 py-1 text-sm font-semibold whitespace-nowrap aria-disabled:opacity-60 ${intent === "take" ? "bg-blue-700 text-white hover:bg-blue-800" : "border border-gray-500 bg-white text-gray-900 hover:bg-gray-100"}`}
      >
        {pending ? `${label}…` : label}
        <span className="sr-only"> order {reference}</span>
      </button>
      <FormStatus ok={state.ok} message={state.message} />
    </form>
  );
}
