// A small JSON Schema validator for the subset sdk-schema.ts produces: type, enum, anyOf,
// properties, required, additionalProperties, items. It reports every problem with its path:
// missing (a required field absent), mistyped (wrong type or a value outside the enum) and
// unknown (a field the SDK does not declare).
import type { JsonSchema } from "./sdk-schema";

export type Problem = {
  path: string;
  kind: "missing" | "mistyped" | "unknown";
  message: string;
};

const typeOf = (value: unknown): JsonSchema["type"] | "undefined" =>
  value === null ? "null" : Array.isArray(value) ? "array" : (typeof value as JsonSchema["type"]);

export function validate(schema: JsonSchema, value: unknown, path = "$"): Problem[] {
  if (schema.anyOf) {
    const attempts = schema.anyOf.map((s) => validate(s, value, path));
    if (attempts.some((p) => p.length === 0)) return [];
    // The branch of the value's own type explains best; otherwise the closest branch.
    const sameType = schema.anyOf.findIndex(
      (s) => s.type === typeOf(value) || (s.type === "number" && typeof value === "number"),
    );
    if (sameType >= 0) return attempts[sameType]!;
    return [
      {
        path,
        kind: "mistyped",
        message: `${JSON.stringify(value)?.slice(0, 60)} is none of ${schema.anyOf.map((s) => s.type ?? "?").join(" | ")}`,
      },
    ];
  }
  if (schema.type) {
    const actual = typeOf(value);
    if (actual !== schema.type)
      return [
        {
          path,
          kind: "mistyped",
          message: `expected ${schema.type}, got ${actual}`,
        },
      ];
  }
  if (schema.enum && !schema.enum.includes(value as string))
    return [
      {
        path,
        kind: "mistyped",
        message: `${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`,
      },
    ];
  const problems: Problem[] = [];
  if (schema.type === "array" && schema.items && Array.isArray(value))
    value.forEach((item, i) => problems.push(...validate(schema.items!, item, `${path}[${i}]`)));
  if (schema.type === "object" && value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? [])
      if (!(key in record))
        problems.push({
          path: `${path}.${key}`,
          kind: "missing",
          message: "required by the SDK's type",
        });
    for (const [key, child] of Object.entries(record)) {
      const declared = schema.properties?.[key];
      if (declared) problems.push(...validate(declared, child, `${path}.${key}`));
      else if (schema.additionalProperties === false)
        problems.push({
          path: `${path}.${key}`,
          kind: "unknown",
          message: "not declared by the SDK's type",
        });
      else if (typeof schema.additionalProperties === "object")
        problems.push(...validate(schema.additionalProperties, child, `${path}.${key}`));
    }
  }
  return problems;
}
