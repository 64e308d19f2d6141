// Client-safe: what the passkey server actions return to the small client components that drive
// navigator.credentials (values, or a message with per-field errors; never a stack trace).
export type PasskeyActionResult<T> =
  { ok: true; value: T } | { ok: false; message: string; fields: Record<string, string> };
