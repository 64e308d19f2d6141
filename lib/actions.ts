import "server-only";
import { keptValues, type ActionState } from "./action-state";
import { toPublicError } from "./errors";

export type { ActionState } from "./action-state";

// Every server action returns an ActionState (lib/action-state.ts), so forms show a message and
// per-field errors, and an unexpected error never leaks its details (it is logged on the server
// instead). Pass the posted form and a failure echoes what was typed (secrets left out), so the
// form shows it again instead of clearing every field.
export async function runAction(work: () => Promise<string>, form?: FormData): Promise<ActionState> {
  try {
    return { ok: true, message: await work(), fields: {} };
  } catch (error) {
    return failedAction(error, form);
  }
}

/** The failure answer for an error thrown by an action: its code, message, fields and what was typed. */
export function failedAction(error: unknown, form?: FormData): ActionState {
  // Next's redirect()/notFound() signal by throwing; let them through.
  if (
    error instanceof Error &&
    "digest" in error &&
    typeof error.digest === "string" &&
    error.digest.startsWith("NEXT_")
  )
    throw error;
  const { code, reason, message, fields } = toPublicError(error);
  return {
    ok: false,
    code,
    ...(reason ? { reason } : {}),
    message,
    fields,
    ...(form ? { values: keptValues(form.entries()) } : {}),
  };
}

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries())
    if (typeof value === "string" && !key.startsWith("$ACTION")) out[key] = value;
  return out;
}
