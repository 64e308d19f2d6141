"use client";
import { useEffect, useRef, type ReactNode } from "react";

type Props = {
  /** The group's element id: the opening button's aria-controls. */
  id: string;
  open: boolean;
  heading: string;
  /** What happens if the staff member goes on. */
  children: ReactNode;
  /** The submit button that goes on; `decision` names it when the form has several (name="decision"). */
  confirmLabel: string;
  decision?: string;
  pending: boolean;
  /** Closes the step; the caller returns focus to the button that opened it. */
  onBack: () => void;
  testId: string;
};

/**
 * The admin's confirmation step for a change that cannot be undone (reject, refund, withdraw):
 * a group in the page, not a browser dialog, whose heading takes focus when it opens, saying
 * what happens, with the confirming submit button (disabled unless open) and "Go back".
 */
export function ConfirmStep({ id, open, heading, children, confirmLabel, decision, pending, onBack, testId }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) headingRef.current?.focus();
  }, [open]);
  return (
    <div
      id={id}
      hidden={!open}
      role="group"
      aria-labelledby={`${id}-heading`}
      className="flex flex-col gap-2 rounded border border-red-700 bg-red-50 p-3"
      data-testid={testId}
    >
      <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-semibold text-red-900">
        {heading}
      </h3>
      <p className="text-sm text-gray-900">{children}</p>
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          name={decision ? "decision" : undefined}
          value={decision}
          disabled={pending || !open}
          className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60"
        >
          {confirmLabel}
        </button>
        <button type="button" onClick={onBack} className="rounded border border-gray-600 px-4 py-2 font-semibold">
          Go back
        </button>
      </div>
    </div>
  );
}
