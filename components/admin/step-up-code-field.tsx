// The authenticator code a decision above the step-up amount asks for (lib/admin/step-up.ts),
// shared by the decision form and the two-person confirm form. Never refilled after a refusal.
export function StepUpCodeField({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        Authenticator code
      </label>
      <input
        id={id}
        name="totpCode"
        inputMode="numeric"
        autoComplete="one-time-code"
        aria-describedby={described || undefined}
        aria-invalid={error ? true : undefined}
        className="max-w-40 rounded border border-gray-500 px-3 py-2"
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-gray-800">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
