// `expand[]=payment_intent.latest_charge`: id fields replaced by the objects they name.
import type { Emulator } from "./context";
import { invalidRequest } from "./errors";

const MAX_DEPTH = 4;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function expandPath(em: Emulator, target: Json, segments: string[], fullPath: string): void {
  const [field, ...rest] = segments;
  if (field === undefined) return;
  const value = target[field];
  if (typeof value === "string" && field !== "id" && field !== "object") {
    const found = em.store.find(value);
    if (!found)
      throw invalidRequest(`This property cannot be expanded (${fullPath}).`, {
        param: "expand",
      });
    target[field] = structuredClone(found);
  } else if (value !== null && !isObject(value)) {
    throw invalidRequest(`This property cannot be expanded (${fullPath}).`, {
      param: "expand",
    });
  }
  const next = target[field];
  if (rest.length > 0 && isObject(next)) expandPath(em, next, rest, fullPath);
}

/** Returns a copy of `object` with the requested paths expanded; the stored object is untouched. */
export function expand<T>(em: Emulator, object: T, paths: string[]): T {
  const copy = structuredClone(object);
  if (!isObject(copy)) return copy;
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > MAX_DEPTH)
      throw invalidRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property (${path}).`, {
        param: "expand",
      });
    expandPath(em, copy, segments, path);
  }
  return copy;
}
