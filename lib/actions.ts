import "server-only";
import { toPublicError } from "./errors";

// Every server action returns this shape, so forms show a message and per-field errors, and
// an unexpected error never leaks its details (it is logged on the server instead).
// `values`: what the user submitted, echoed back on failure by forms that must keep it (a long
// list typed into a textarea should not vanish because one line was wrong).
export type ActionState = { ok: boolean; message: string; fields: Record<string, string>; values?: Record<string, string> };

export const initialActionState: ActionState = { ok: false, message: "", fields: {} };

export async function runAction(work: () => Promise<string>): Promise<ActionState> {
  try {
    return { ok: true, message: await work(), fields: {} };
  } catch (error) {
    // Next's redirect()/notFound() signal by throwing; let them through.
    if (error instanceof Error && "digest" in error && typeof error.digest === "string" && error.digest.startsWith("NEXT_")) throw error;
    const { message, fields } = toPublicError(error);
    return { ok: false, message, fields };
  }
}

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !key.startsWith("$ACTION")) out[key] = value;
  return out;
}
