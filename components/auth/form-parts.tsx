"use client";
import { createContext, useContext, useId, type ReactNode } from "react";

// Labelled inputs that show their server-side error (from the form's action state) beside them.
export const FieldErrors = createContext<Record<string, string>>({});

type FieldProps = {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  inputMode?: "numeric" | "text";
  hint?: string;
  required?: boolean;
  defaultValue?: string;
  onChange?: (value: string) => void;
  children?: ReactNode;
};

export function Field({ name, label, type = "text", autoComplete, inputMode, hint, required = true, defaultValue, onChange, children }: FieldProps) {
  const error = useContext(FieldErrors)[name];
  const id = `${name}-${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-gray-900">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        required={required}
        defaultValue={defaultValue}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="rounded border border-gray-500 px-3 py-2 text-gray-900"
      />
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
    </div>
  );
}

export function SubmitButton({ pending, label, pendingLabel, tone = "primary" }: { pending: boolean; label: string; pendingLabel?: string; tone?: "primary" | "danger" | "plain" }) {
  const tones = {
    primary: "bg-blue-700 text-white hover:bg-blue-800",
    danger: "bg-red-700 text-white hover:bg-red-800",
    plain: "border border-gray-500 bg-white text-gray-900 hover:bg-gray-100",
  };
  return (
    <button type="submit" disabled={pending} className={`self-start rounded px-4 py-2 font-semibold disabled:opacity-60 ${tones[tone]}`}>
      {pending ? (pendingLabel ?? `${label}…`) : label}
    </button>
  );
}

export function FormStatus({ ok, message, testId }: { ok: boolean; message: string; testId?: string }) {
  return (
    <p role="status" aria-live="polite" data-testid={testId} className={`min-h-6 text-sm font-medium ${ok ? "text-green-800" : "text-red-800"}`}>
      {message}
    </p>
  );
}
