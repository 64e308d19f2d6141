// Typed readers over parsed form parameters that fail with Stripe's parameter errors.
import { missingParam, paramError, unknownParam } from "./errors";
import type { FormObject, FormValue } from "./form-encoding";

export type Metadata = Record<string, string>;

const child = (path: string, key: string) => (path ? `${path}[${key}]` : key);

/** Rejects any key not in `allowed`, like Stripe's parameter_unknown. */
export function assertKnown(params: FormObject, allowed: readonly string[], path = ""): void {
  for (const key of Object.keys(params)) if (!allowed.includes(key)) throw unknownParam(child(path, key));
}

export function optionalString(params: FormObject, key: string, path = ""): string | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw paramError(
      "parameter_invalid_string",
      `Invalid string: ${child(path, key)} must be a string`,
      child(path, key),
    );
  if (value.length > 5000)
    throw paramError(
      "parameter_invalid_string",
      `Invalid string: ${child(path, key)} is longer than 5000 characters`,
      child(path, key),
    );
  return value;
}

export function requiredString(params: FormObject, key: string, path = ""): string {
  const value = optionalString(params, key, path);
  if (value === undefined || value === "") throw missingParam(child(path, key));
  return value;
}

export function optionalInteger(params: FormObject, key: string, path = "", min = 0): number | undefined {
  const raw = optionalString(params, key, path);
  if (raw === undefined || raw === "") return undefined;
  const name = child(path, key);
  if (!/^-?\d{1,15}$/.test(raw)) throw paramError("parameter_invalid_integer", `Invalid integer: ${raw}`, name);
  const value = Number(raw);
  if (value < min)
    throw paramError("parameter_invalid_integer", `This value must be greater than or equal to ${min}.`, name);
  return value;
}

export function requiredInteger(params: FormObject, key: string, path = "", min = 0): number {
  const value = optionalInteger(params, key, path, min);
  if (value === undefined) throw missingParam(child(path, key));
  return value;
}

export function optionalEnum<T extends string>(
  params: FormObject,
  key: string,
  allowed: readonly T[],
  path = "",
): T | undefined {
  const value = optionalString(params, key, path);
  if (value === undefined || value === "") return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw paramError(
      "parameter_invalid_string",
      `Invalid ${child(path, key)}: must be one of ${allowed.join(", ")}`,
      child(path, key),
    );
  }
  return value as T;
}

export function optionalObject(params: FormObject, key: string, path = ""): FormObject | undefined {
  const value = params[key];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "object" || Array.isArray(value))
    throw paramError("parameter_invalid", `Invalid hash: ${child(path, key)}`, child(path, key));
  return value;
}

export function requiredArray(params: FormObject, key: string, path = ""): FormValue[] {
  const value = params[key];
  if (value === undefined || value === "") throw missingParam(child(path, key));
  if (!Array.isArray(value))
    throw paramError("parameter_invalid", `Invalid array: ${child(path, key)}`, child(path, key));
  return value;
}

export function asObject(value: FormValue | undefined, name: string): FormObject {
  if (value === undefined || typeof value !== "object" || Array.isArray(value))
    throw paramError("parameter_invalid", `Invalid hash: ${name}`, name);
  return value;
}

/** Stripe's metadata rules: ≤50 keys, keys ≤40 characters, values ≤500; "" deletes a key. */
export function optionalMetadata(params: FormObject, key = "metadata", path = ""): Metadata | undefined {
  const value = optionalObject(params, key, path);
  if (value === undefined) return params[key] === "" ? {} : undefined;
  const name = child(path, key);
  const out: Metadata = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string")
      throw paramError("parameter_invalid", `Invalid metadata value for ${child(name, k)}`, child(name, k));
    if (k.length > 40)
      throw paramError("parameter_invalid", `Metadata keys can be at most 40 characters long (${k}).`, child(name, k));
    if (v.length > 500)
      throw paramError(
        "parameter_invalid",
        `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`,
        child(name, k),
      );
    out[k] = v;
  }
  if (Object.keys(out).length > 50)
    throw paramError("parameter_invalid", "You can specify up to 50 metadata keys.", name);
  return out;
}

/** Applies a metadata update the way Stripe does: keys merge, an empty value removes the key. */
export function mergeMetadata(current: Metadata, update: Metadata | undefined): Metadata {
  if (update === undefined) return current;
  const next: Metadata = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === "") delete next[k];
    else next[k] = v;
  }
  return next;
}

/** `expand[]=a&expand[]=b` (or expand[0]=…) as a list of dotted paths. */
export function expandList(params: FormObject): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    if (typeof item !== "string") throw paramError("parameter_invalid", `Invalid expand[${i}]`, `expand[${i}]`);
    return item;
  });
}

export function isValidUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
