"use client";
import { useActionState, type ReactNode } from "react";
import { FormStatus, SubmitButton } from "@/components/forms/form-parts";
import { BacktestPanel, PreviewButton } from "@/components/admin/backtest-panel";
import { initialActionState } from "@/lib/action-state";
import type { PreviewState } from "@/lib/admin/backtest";
import type { RuleForm as Rule, SettingField } from "@/lib/admin/rules";

const initialPreview: PreviewState = initialActionState;
const inputClass = "rounded border border-gray-500 px-3 py-1.5 text-gray-900";

type Props = { rule: Rule; action: (prev: PreviewState, form: FormData) => Promise<PreviewState> };

/**
 * One rule's settings form. Each setting is rendered from the rule's declaration (label, help,
 * bounds, kind); after a failed save every input shows what the admin submitted, with the
 * server's message under the setting it is about. "Preview on the last 90 days" shows what the
 * typed settings would have done (components/admin/backtest-panel.tsx) and keeps them typed.
 */
export function RuleForm({ rule, action }: Props) {
  const [state, formAction, pending] = useActionState(action, initialPreview);
  const submitted = state.ok && !state.preview ? undefined : state.values;
  const testId = `rule-form-${rule.id}`;
  const enabled = submitted ? submitted.enabled === "on" : rule.enabled;
  // Selects and checkboxes below are keyed by their value: see Setting.
  return (
    <form
      action={formAction}
      noValidate
      aria-label={`Settings of ${rule.title}`}
      data-testid={testId}
      className="flex flex-col gap-3"
    >
      <input type="hidden" name="id" value={rule.id} />
      <input type="hidden" name="enabled" value="off" />
      <label className="flex items-center gap-2">
        <input
          key={String(enabled)}
          type="checkbox"
          name="enabled"
          value="on"
          defaultChecked={enabled}
          className="h-4 w-4"
        />
        Enabled
      </label>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${rule.id}-action`} className="text-sm font-medium">
          When it fires
        </label>
        <select
          key={submitted?.action ?? rule.action}
          id={`${rule.id}-action`}
          name="action"
          defaultValue={submitted?.action ?? rule.action}
          aria-describedby={state.fields.action ? `${rule.id}-action-error` : undefined}
          aria-invalid={state.fields.action ? true : undefined}
          className="max-w-60 rounded border border-gray-500 px-2 py-1.5"
        >
          <option value="HOLD">HOLD the payment for review</option>
          <option value="ALERT">ALERT only</option>
        </select>
        <FieldError id={`${rule.id}-action-error`} message={state.fields.action} />
      </div>
      {rule.settings.map((field) => (
        <Setting
          key={field.key}
          ruleId={rule.id}
          field={field}
          submitted={submitted?.[field.name]}
          error={state.fields[`thresholds.${field.key}`]}
        />
      ))}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pending={pending} label="Save" />
        <PreviewButton pending={pending} />
      </div>
      <FormStatus ok={state.ok} message={state.message} testId={`${testId}-status`} />
      <BacktestPanel view={state.preview} />
    </form>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="text-sm font-medium text-red-800">
      {message}
    </p>
  ) : null;
}

function Setting({
  ruleId,
  field,
  submitted,
  error,
}: {
  ruleId: string;
  field: SettingField;
  submitted: string | undefined;
  error: string | undefined;
}) {
  const id = `${ruleId}-${field.key}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  // The declared help, then what the input accepts, derived from the same declaration.
  const accepts =
    field.kind === "list"
      ? `One ${field.itemNoun} per line (for example ${field.example}), at most ${field.maxItems}.`
      : field.kind === "number"
        ? `A whole number from ${field.min} to ${field.max}.`
        : null;
  const help = [field.help, accepts].filter(Boolean).join(" ") || null;
  const a11y = {
    "aria-describedby": [help ? helpId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined,
    "aria-invalid": error ? true : undefined,
  };
  const wrap = (control: ReactNode) => (
    <div className="flex flex-col gap-1" data-testid={`setting-${field.key}`}>
      {control}
      {help ? (
        <p id={helpId} className="text-sm text-gray-700">
          {help}
        </p>
      ) : null}
      <FieldError id={errorId} message={error} />
    </div>
  );
  const label = (
    <label htmlFor={id} className="text-sm font-medium">
      {field.label}
    </label>
  );

  // React applies a new defaultValue to text inputs and textareas, but a select's or checkbox's
  // default only on mount: keyed by value, they remount showing what was submitted.
  const checked = field.kind === "flag" && (submitted ? submitted === "on" : field.value);
  switch (field.kind) {
    case "flag":
      return wrap(
        <div className="flex items-center gap-2">
          <input type="hidden" name={field.name} value="off" />
          <input
            key={String(checked)}
            id={id}
            type="checkbox"
            name={field.name}
            value="on"
            defaultChecked={checked}
            className="h-4 w-4"
            {...a11y}
          />
          {label}
        </div>,
      );
    case "number":
      return wrap(
        <>
          {label}
          <input
            id={id}
            name={field.name}
            inputMode="numeric"
            defaultValue={submitted ?? field.value}
            className={`max-w-40 ${inputClass}`}
            {...a11y}
          />
        </>,
      );
    case "choice":
      return wrap(
        <>
          {label}
          <select
            key={submitted ?? field.value}
            id={id}
            name={field.name}
            defaultValue={submitted ?? field.value}
            className="max-w-80 rounded border border-gray-500 px-2 py-1.5"
            {...a11y}
          >
            {field.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </>,
      );
    case "list":
      return wrap(
        <>
          {label}
          <textarea
            id={id}
            name={field.name}
            rows={4}
            spellCheck={false}
            autoCapitalize="off"
            defaultValue={submitted ?? field.value}
            className={`font-mono text-sm ${inputClass}`}
            {...a11y}
          />
        </>,
      );
  }
}
