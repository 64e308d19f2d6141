"use client";
import { useState } from "react";
import { passwordStrength } from "@/lib/auth/password-strength";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-limits";
import { Field } from "@/components/forms/form-parts";

// A new-password input with an advisory strength meter (zxcvbn, in the browser). The server's
// policy (length, common passwords, personal data) is what decides.
const LABELS = ["Very weak", "Weak", "Fair", "Good", "Strong"] as const;
const COLORS = ["bg-red-700", "bg-red-700", "bg-yellow-600", "bg-green-700", "bg-green-800"] as const;

export function NewPasswordField({
  name = "password",
  label = "Password",
  userInputs = [],
}: {
  name?: string;
  label?: string;
  userInputs?: string[];
}) {
  const [value, setValue] = useState("");
  const score = value ? passwordStrength(value, userInputs) : 0;
  const tooShort = [...value].length < PASSWORD_MIN_LENGTH;
  return (
    <Field
      name={name}
      label={label}
      type="password"
      autoComplete="new-password"
      hint={`${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters. A few random words make a strong password that is easy to remember.`}
      onChange={setValue}
    >
      <div className="flex items-center gap-2" data-testid="password-strength">
        <div className="flex h-2 w-40 gap-1" aria-hidden="true">
          {[0, 1, 2, 3].map((i) => (
            <span
              key={i}
              className={`h-2 flex-1 rounded ${value && i < Math.max(score, 1) ? COLORS[score] : "bg-gray-300"}`}
            />
          ))}
        </div>
        <p className="text-sm text-gray-800" aria-live="polite">
          {value ? `Strength: ${LABELS[score]}${tooShort ? " (too short)" : ""}` : "Strength: type a password"}
        </p>
      </div>
    </Field>
  );
}
