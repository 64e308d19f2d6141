import type { ErrorCode, ErrorReason } from "./errors";

// Client-safe: the one shape every server action answers a form with, and the one state a form
// starts from. A failure carries its error `code` (and, where the form must react to one
// particular failure, a `reason`), so client code branches on codes, never on the words of a
// message; `values` echoes what was typed (secrets left out) so the form can show it again.
export type ActionState = {
  ok: boolean;
  message: string;
  fields: Record<string, string>;
  code?: ErrorCode | "INTERNAL";
  reason?: ErrorReason;
  values?: Record<string, string>;
};

/** A server action a form posts to; pages pass it to components as a prop. */
export type FormAction<S extends ActionState = ActionState> = (prev: S, form: FormData) => Promise<S>;

export const initialActionState: ActionState = { ok: false, message: "", fields: {} };

// Never echoed back: passwords, one-time codes, tokens and the bot check's solution.
const SECRET_FIELD = /^(password|currentPassword|newPassword|code|totpCode|token|altcha)$/;

/** What the user typed, minus secrets and React's own fields: shown again after a failure. */
export function keptValues(entries: Iterable<[string, FormDataEntryValue]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of entries)
    if (typeof value === "string" && !key.startsWith("$ACTION") && !SECRET_FIELD.test(key)) out[key] = value;
  return out;
}
