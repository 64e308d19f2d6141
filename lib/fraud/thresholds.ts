import { z } from "zod";

// Building blocks for each rule's threshold schema. Admin forms send strings, so numbers and
// on/off flags are accepted as text too; every failure reads as one sentence naming the setting.

function fromText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  // Empty stays a string so it fails as "not a number" instead of becoming 0.
  return text === "" ? value : Number(text);
}

// A whole number in [min, max], e.g. "orders per card" 2..100.
export function countSetting(label: string, min: number, max: number) {
  const message = `${label} must be a whole number from ${min} to ${max}.`;
  return z.preprocess(fromText, z.number({ error: message }).int(message).min(min, message).max(max, message));
}

// A window length in whole hours, e.g. 1..720 (30 days).
export function hoursSetting(label: string, max = 720) {
  return countSetting(label, 1, max);
}

const FLAG_WORDS: Record<string, boolean> = { true: true, on: true, yes: true, "1": true, false: false, off: false, no: false, "0": false };

// An HTML checkbox sends "on" when ticked and nothing otherwise; a form must send "off"/"false"
// explicitly (e.g. a hidden input before the checkbox) because a missing setting is an error.
export function flagSetting(label: string) {
  const message = `${label} must be on or off.`;
  return z.preprocess(
    (value) => (typeof value === "string" ? (FLAG_WORDS[value.trim().toLowerCase()] ?? value) : value),
    z.boolean({ error: message }),
  );
}

// Unknown keys are rejected so a typo in a setting name is reported, not silently ignored.
export function thresholdsSchema<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return `Unknown setting: ${issue.keys.join(", ")}.`;
      if (issue.code === "invalid_type") return "Settings must be a set of named values.";
      return undefined;
    },
  });
}
