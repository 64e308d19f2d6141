"use client";
import { useActionState, useEffect, useId, useRef, type ReactNode } from "react";
import { initialActionState, type ActionState, type FormAction } from "@/lib/action-state";
import { ErrorSummary, failed } from "./error-summary";
import { FormContext, FormStatus, SubmitButton, type SubmitTone } from "./form-parts";

// The one form scaffold for the storefront, accounts and admin. The page passes the server
// action as a prop (components never import from app/). After a failed submit the error summary
// at the top takes focus and links to each field; each field shows its own error and what was
// typed (the action echoes `values`, secrets left out); the status line below the button says
// what succeeded.

type ScaffoldProps = {
  label?: string;
  submitLabel: string;
  pendingLabel?: string;
  tone?: SubmitTone;
  /** A full-width, large submit button (checkout's Pay). */
  wide?: boolean;
  /** On the <form>; the status line gets `${testId}-status` unless `statusTestId` is given. */
  testId?: string;
  statusTestId?: string;
  inline?: boolean;
  className?: string;
  /** Shown below the button, after the status line. */
  footer?: ReactNode;
  children?: ReactNode;
};

type FormScaffoldProps<S extends ActionState> = ScaffoldProps & {
  state: S;
  formAction: (form: FormData) => void | Promise<void>;
  pending: boolean;
  /** The status line's text when the form itself has news (sign-in handing over its ticket). */
  status?: { ok: boolean; message: string };
};

/** For forms that hold their action state themselves (sign-in's two steps, checkout's bot check). */
export function FormScaffold<S extends ActionState>({
  state,
  formAction,
  pending,
  status,
  label,
  submitLabel,
  pendingLabel,
  tone,
  wide,
  testId,
  statusTestId,
  inline,
  className,
  footer,
  children,
}: FormScaffoldProps<S>) {
  const idPrefix = useId().replace(/[^A-Za-z0-9_-]/g, "");
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failed(state)) summary.current?.focus();
  }, [state]);
  const statusId = statusTestId ?? (testId ? `${testId}-status` : undefined);
  const line = status ?? (state.ok ? { ok: true, message: state.message } : { ok: false, message: "" });
  const layout = className ?? (inline ? "flex flex-wrap items-end gap-2" : "flex flex-col gap-3");
  return (
    <FormContext.Provider value={{ fields: state.fields, values: state.ok ? {} : (state.values ?? {}), idPrefix }}>
      <form action={formAction} noValidate aria-label={label} data-testid={testId} className={layout}>
        <ErrorSummary ref={summary} state={state} idPrefix={idPrefix} testId={statusId} />
        {children}
        <SubmitButton pending={pending} label={submitLabel} pendingLabel={pendingLabel} tone={tone} wide={wide} />
        <FormStatus
          ok={line.ok}
          message={line.message}
          testId={line.message || !failed(state) ? statusId : undefined}
        />
        {footer}
      </form>
    </FormContext.Provider>
  );
}

type ActionFormProps<S extends ActionState> = ScaffoldProps & {
  action: FormAction<S>;
  /** What replaces the form once it succeeded (a confirmation), or null to keep the form. */
  done?: (state: S) => ReactNode;
};

/** A form posting to a server action. */
export function ActionForm<S extends ActionState>({ action, done, ...scaffold }: ActionFormProps<S>) {
  // Every S adds only optional fields to ActionState, so the shared initial state is one of them.
  const [state, formAction, pending] = useActionState<S, FormData>(action, initialActionState as Awaited<S>);
  const replaced = state.ok && done ? done(state) : null;
  if (replaced) return replaced;
  return <FormScaffold state={state} formAction={formAction} pending={pending} {...scaffold} />;
}
