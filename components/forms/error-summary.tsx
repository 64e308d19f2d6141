"use client";
import { useId, type MouseEvent, type Ref } from "react";
import type { ActionState } from "@/lib/action-state";
import { fieldId } from "./form-parts";

/** True when the state is an answer that failed and has something to say. */
export const failed = (state: ActionState) =>
  !state.ok && (state.message !== "" || Object.keys(state.fields).length > 0);

// GOV.UK's error summary: at the top of the form, focused after a failed submit, listing every
// error with a link to its field. `testId` marks its body (the message and the list), which is
// where tests and people read why the submit failed.
export function ErrorSummary({
  state,
  idPrefix,
  testId,
  ref,
}: {
  state: ActionState;
  idPrefix: string;
  testId?: string;
  ref?: Ref<HTMLDivElement>;
}) {
  const titleId = `${useId().replace(/[^A-Za-z0-9_-]/g, "")}-error-summary`;
  if (!failed(state)) return null;
  const errors = Object.entries(state.fields);
  // The message usually repeats the first field's error; then the list says it once.
  const showMessage = state.message !== "" && !errors.some(([, text]) => text === state.message);
  const jump = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    const target = document.getElementById(id);
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby={titleId}
      data-testid="error-summary"
      className="rounded border-2 border-red-800 bg-white p-4 text-gray-900 focus:outline-4 focus:outline-offset-2 focus:outline-blue-700"
    >
      <h2 id={titleId} className="text-lg font-bold text-red-900">
        There is a problem
      </h2>
      <div data-testid={testId} className="mt-2 flex flex-col gap-2">
        {showMessage ? <p>{state.message}</p> : null}
        {errors.length > 0 ? (
          <ul className="list-disc pl-6">
            {errors.map(([name, text]) =>
              name === "form" ? (
                <li key={name}>{text}</li>
              ) : (
                <li key={name}>
                  <a
                    href={`#${fieldId(idPrefix, name)}`}
                    onClick={(e) => jump(e, fieldId(idPrefix, name))}
                    className="font-medium text-red-900 underline"
                  >
                    {text}
                  </a>
                </li>
              ),
            )}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
