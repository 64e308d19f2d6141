import type { z } from "zod";
import { AppError } from "./errors";

// Parses untrusted input with a shared schema; a failure becomes a VALIDATION error carrying
// one clear message per field, and nothing else runs.
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    fields[key] ??= issue.message;
  }
  const first = Object.values(fields)[0] ?? "Please check the form.";
  throw new AppError("VALIDATION", first, fields);
}
