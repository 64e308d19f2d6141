"use server";
import { backtestChange, type PreviewState } from "@/lib/admin/backtest";
import { adminAction } from "@/lib/admin/request-guards";
import { ruleFormInput } from "@/lib/admin/rules";
import { formObject, runAction } from "@/lib/actions";
import { db } from "@/lib/db";
import { applyPresetAction, saveHoldScoreAction, saveRuleAction } from "../actions";

// The rules page's forms: each has "Save" and "Preview on the last 90 days" (intent=preview).
// A preview runs the backtest of what was typed and returns its panel; it saves nothing, and the
// form keeps what was typed. Without JavaScript the browser posts the same way and the page
// renders with the panel.

async function preview(fields: Record<string, string>, proposal: unknown): Promise<PreviewState> {
  let panel: PreviewState["preview"];
  const state = await runAction(async () => {
    const { staff } = await adminAction("rules.manage");
    panel = await backtestChange(db(), staff, proposal);
    return "";
  });
  return { ...state, values: fields, ...(panel ? { preview: panel } : {}) };
}

export async function ruleFormAction(prev: PreviewState, form: FormData): Promise<PreviewState> {
  const fields = formObject(form);
  if (fields.intent !== "preview") return saveRuleAction(prev, form);
  return preview(fields, { kind: "rule", rule: ruleFormInput(fields) });
}

export async function holdScoreFormAction(prev: PreviewState, form: FormData): Promise<PreviewState> {
  const fields = formObject(form);
  if (fields.intent !== "preview") return saveHoldScoreAction(prev, form);
  return preview(fields, { kind: "hold-score", holdScore: fields.holdScore ?? "" });
}

export async function presetFormAction(prev: PreviewState, form: FormData): Promise<PreviewState> {
  const fields = formObject(form);
  if (fields.intent !== "preview") return applyPresetAction(prev, form);
  return preview(fields, { kind: "preset", preset: fields.preset });
}
