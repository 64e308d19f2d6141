"use client";
import { useActionState } from "react";
import { FormStatus, SubmitButton } from "@/components/forms/form-parts";
import { BacktestPanel, PreviewButton } from "@/components/admin/backtest-panel";
import { initialActionState } from "@/lib/action-state";
import type { PreviewState } from "@/lib/admin/backtest";
import type { HoldPolicyView } from "@/lib/admin/rules";

type Action = (prev: PreviewState, form: FormData) => Promise<PreviewState>;

const initialPreview: PreviewState = initialActionState;

/** One click to set how strictly every rule acts (lib/fraud/presets.ts); audited by the action. A preview keeps the choice. */
export function PresetForm({ policy, action }: { policy: HoldPolicyView; action: Action }) {
  const [state, formAction, pending] = useActionState(action, initialPreview);
  const chosen = state.preview || !state.ok ? (state.values?.preset ?? policy.currentPreset) : policy.currentPreset;
  return (
    <form action={formAction} noValidate aria-label="Presets" data-testid="preset-form" className="flex flex-col gap-3">
      <fieldset className="flex flex-col gap-2" aria-describedby={state.fields.preset ? "preset-error" : undefined}>
        <legend className="mb-1 font-semibold">Presets</legend>
        {policy.presets.map((preset) => (
          <label key={preset.id} className="flex items-start gap-2">
            <input
              key={String(chosen)}
              type="radio"
              name="preset"
              value={preset.id}
              defaultChecked={preset.id === chosen}
              className="mt-1 h-4 w-4"
            />
            <span>
              <span className="font-medium">{preset.title}</span>
              {preset.id === policy.currentPreset ? (
                <span className="ml-2 text-sm text-green-800">(current)</span>
              ) : null}
              <span className="block text-sm text-gray-800">{preset.description}</span>
            </span>
          </label>
        ))}
        {policy.currentPreset === null ? (
          <p className="text-sm text-gray-800">The rules below are set by hand: no preset matches them.</p>
        ) : null}
      </fieldset>
      {state.fields.preset ? (
        <p id="preset-error" className="text-sm font-medium text-red-800">
          {state.fields.preset}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pending={pending} label="Apply preset" />
        <PreviewButton pending={pending} />
      </div>
      <FormStatus ok={state.ok} message={state.message} testId="preset-form-status" />
      <BacktestPanel view={state.preview} level={2} />
    </form>
  );
}

/** The store-wide hold score; empty switches it off. After a failed save it shows what was typed. */
export function HoldScoreForm({ holdScore, action }: { holdScore: number | null; action: Action }) {
  const [state, formAction, pending] = useActionState(action, initialPreview);
  const value =
    (state.ok && !state.preview) || !state.values
      ? holdScore === null
        ? ""
        : String(holdScore)
      : (state.values.holdScore ?? "");
  const error = state.fields.holdScore;
  return (
    <form
      action={formAction}
      noValidate
      aria-label="Hold score"
      data-testid="hold-score-form"
      className="flex flex-col gap-3"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="hold-score" className="font-semibold">
          Hold score
        </label>
        <p id="hold-score-help" className="text-sm text-gray-800">
          Hold a payment whose combined risk score reaches this (1 to 100), even when each rule that fired only alerts.
          Leave empty to hold only on HOLD rules.
        </p>
        <input
          key={value}
          id="hold-score"
          name="holdScore"
          type="text"
          inputMode="numeric"
          defaultValue={value}
          aria-describedby={error ? "hold-score-help hold-score-error" : "hold-score-help"}
          aria-invalid={error ? true : undefined}
          className="max-w-32 rounded border border-gray-500 px-3 py-1.5 text-gray-900"
        />
        {error ? (
          <p id="hold-score-error" className="text-sm font-medium text-red-800">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pending={pending} label="Save hold score" />
        <PreviewButton pending={pending} />
      </div>
      <FormStatus ok={state.ok} message={state.message} testId="hold-score-form-status" />
      <BacktestPanel view={state.preview} level={2} />
    </form>
  );
}
