"use client";
import { createContext, useContext, useId, type ReactNode } from "react";

// Labelled inputs that show their server-side error beside them (once) and, after a failed
// submit, what the user typed. The form scaffold (action-form.tsx) provides the context.
type FormContextValue = { fields: Record<string, string>; values: Record<string, string>; idPrefix: string | null };

export const FormContext = createContext<FormContextValue>({ fields: {}, values: {}, idPrefix: null });

/** The id of a form's control: the error summary links to it. */
export const fieldId = (idPrefix: string, name: string) => `${idPrefix}-${name}`;

/** A control's id, its error, the value to show and the ids that describe it. */
function useFieldState(name: string, hint: string | undefined, defaultValue: string | undefined) {
  const { fields, values, idPrefix } = useContext(FormContext);
  const own = useId().replace(/[^A-Za-z0-9_-]/g, "");
  const id = fieldId(idPrefix ?? own, name);
  const error = fields[name];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return { id, error, describedBy, value: values[name] ?? defaultValue };
}

type Common = {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  defaultValue?: string;
  children?: ReactNode;
};

function FieldFrame({
  id,
  label,
  hint,
  error,
  children,
  control,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children?: ReactNode;
  control: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-gray-900">
        {label}
      </label>
      {control}
      <FieldNotes {...{ id, hint, error }}>{children}</FieldNotes>
    </div>
  );
}

/** A control's hint, anything in between, and its error, with the ids aria-describedby names. */
function FieldNotes({
  id,
  hint,
  error,
  children,
}: {
  id: string;
  hint?: string;
  error?: string;
  children?: ReactNode;
}) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-gray-700">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </>
  );
}

const CONTROL = "rounded border border-gray-500 px-3 py-2 text-gray-900";

type FieldProps = Common & {
  type?: "text" | "email" | "password" | "tel";
  inputMode?: "numeric" | "text" | "tel";
  maxLength?: number;
  onChange?: (value: string) => void;
};

export function Field({
  name,
  label,
  type = "text",
  autoComplete,
  inputMode,
  hint,
  required = true,
  defaultValue,
  maxLength,
  onChange,
  children,
}: FieldProps) {
  const { id, error, describedBy, value } = useFieldState(name, hint, defaultValue);
  return (
    <FieldFrame
      {...{ id, label, hint, error }}
      control={
        <input
          id={id}
          name={name}
          type={type}
          autoComplete={autoComplete}
          inputMode={inputMode}
          required={required}
          maxLength={maxLength}
          // A password is never sent back, so it is never shown again.
          defaultValue={type === "password" ? undefined : value}
          onChange={onChange ? (e) => onChange(e.target.value) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={CONTROL}
        />
      }
    >
      {children}
    </FieldFrame>
  );
}

export function SelectField({
  name,
  label,
  options,
  hint,
  required = true,
  autoComplete,
  defaultValue,
  children,
}: Common & { options: readonly (readonly [value: string, label: string])[] }) {
  const { id, error, describedBy, value } = useFieldState(name, hint, defaultValue);
  return (
    <FieldFrame
      {...{ id, label, hint, error }}
      control={
        // Keyed by the value to show: React does not move a mounted select's default option, and
        // the form's reset after a failed submit would otherwise put back the first default.
        <select
          key={value}
          id={id}
          name={name}
          required={required}
          autoComplete={autoComplete}
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={CONTROL}
        >
          {options.map(([optionValue, optionLabel]) => (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          ))}
        </select>
      }
    >
      {children}
    </FieldFrame>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  required = true,
  defaultValue,
  maxLength,
  rows = 4,
}: Common & { maxLength?: number; rows?: number }) {
  const { id, error, describedBy, value } = useFieldState(name, hint, defaultValue);
  return (
    <FieldFrame
      {...{ id, label, hint, error }}
      control={
        <textarea
          id={id}
          name={name}
          required={required}
          maxLength={maxLength}
          rows={rows}
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={CONTROL}
        />
      }
    />
  );
}

/**
 * A file picker. A browser never lets a page fill one in again, so after a failed submit it is
 * empty and its error says what to choose. `onPick` sees the chosen file (a size check before sending).
 */
export function FileField({
  name,
  label,
  hint,
  required = true,
  accept,
  onPick,
  children,
}: Common & { accept: string; onPick?: (file: File | null, input: HTMLInputElement) => void }) {
  const { id, error, describedBy } = useFieldState(name, hint, undefined);
  return (
    <FieldFrame
      {...{ id, label, hint, error }}
      control={
        <input
          id={id}
          name={name}
          type="file"
          accept={accept}
          required={required}
          onChange={onPick ? (e) => onPick(e.target.files?.[0] ?? null, e.target) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`${CONTROL} file:mr-3 file:rounded file:border-0 file:bg-gray-100 file:px-3 file:py-1 file:text-gray-900`}
        />
      }
    >
      {children}
    </FieldFrame>
  );
}

/** A checkbox posting "on"; after a failed submit it shows what was ticked (absent from the echo = unticked). */
export function CheckboxField({
  name,
  label,
  hint,
  defaultChecked = false,
}: {
  name: string;
  label: string;
  hint?: string;
  defaultChecked?: boolean;
}) {
  const { values } = useContext(FormContext);
  const { id, error, describedBy } = useFieldState(name, hint, undefined);
  const checked = Object.keys(values).length > 0 ? values[name] === "on" : defaultChecked;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="inline-flex items-center gap-2 text-sm font-medium text-gray-900">
        <input
          key={String(checked)}
          id={id}
          name={name}
          type="checkbox"
          value="on"
          defaultChecked={checked}
          aria-describedby={describedBy}
          className="h-4 w-4"
        />
        {label}
      </label>
      <FieldNotes {...{ id, hint, error }} />
    </div>
  );
}

const TONES = {
  primary: "bg-blue-700 text-white hover:bg-blue-800",
  danger: "bg-red-700 text-white hover:bg-red-800",
  plain: "border border-gray-500 bg-white text-gray-900 hover:bg-gray-100",
};

export type SubmitTone = keyof typeof TONES;

export function SubmitButton({
  pending,
  label,
  pendingLabel,
  tone = "primary",
  wide = false,
}: {
  pending: boolean;
  label: string;
  pendingLabel?: string;
  tone?: SubmitTone;
  wide?: boolean;
}) {
  return (
    <button
      type="submit"
      disabled={pending}
      className={`rounded font-semibold disabled:opacity-60 ${wide ? "px-4 py-3 text-lg" : "self-start px-4 py-2"} ${TONES[tone]}`}
    >
      {pending ? (pendingLabel ?? `${label}…`) : label}
    </button>
  );
}

export function FormStatus({ ok, message, testId }: { ok: boolean; message: string; testId?: string }) {
  return (
    <p
      role="status"
      aria-live="polite"
      data-testid={testId}
      className={`min-h-6 text-sm font-medium ${ok ? "text-green-800" : "text-red-800"}`}
    >
      {message}
    </p>
  );
}
