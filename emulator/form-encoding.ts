// Stripe's form encoding: `a[b][0][c]=x`, `expand[]=y`, `metadata[k]=v`. Objects whose keys are
// all integers become arrays (ordered by index), exactly how Stripe reads line_items[0][…].
import { paramError } from "./errors";

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

type Node = { leaf: string } | { branch: Map<string, Node> };

const KEY_PATTERN = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

function splitKey(key: string): string[] {
  const match = KEY_PATTERN.exec(key);
  if (!match?.[1]) throw paramError("parameter_invalid", `Invalid parameter name: ${key}`, key);
  const segments = [match[1]];
  for (const part of (match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)) segments.push(part[1] ?? "");
  return segments;
}

function insert(root: Map<string, Node>, key: string, value: string): void {
  const segments = splitKey(key);
  let children = root;
  segments.forEach((rawSegment, index) => {
    const segment = rawSegment === "" ? String(children.size) : rawSegment;
    const last = index === segments.length - 1;
    const existing = children.get(segment);
    if (last) {
      if (existing && "branch" in existing)
        throw paramError("parameter_invalid", `Invalid hash: ${key} is both a value and a hash`, key);
      children.set(segment, { leaf: value });
      return;
    }
    if (existing && "leaf" in existing)
      throw paramError("parameter_invalid", `Invalid hash: ${key} is both a value and a hash`, key);
    const next: Node = existing ?? { branch: new Map() };
    if (!existing) children.set(segment, next);
    if ("branch" in next) children = next.branch;
  });
}

function finalize(node: Node): FormValue {
  if ("leaf" in node) return node.leaf;
  const keys = [...node.branch.keys()];
  if (keys.length > 0 && keys.every((k) => /^(0|[1-9]\d{0,5})$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => finalize(node.branch.get(String(k)) as Node));
  }
  const out: FormObject = {};
  for (const [k, child] of node.branch) out[k] = finalize(child);
  return out;
}

/** Parses an application/x-www-form-urlencoded body (or query string) into nested values. */
export function parseForm(encoded: string): FormObject {
  const root = new Map<string, Node>();
  for (const [key, value] of new URLSearchParams(encoded)) insert(root, key, value);
  const result = finalize({ branch: root });
  return Array.isArray(result) || typeof result === "string" ? {} : result;
}

/** The inverse, for tests and internal callers: nested values → Stripe's bracket notation. */
export function encodeForm(value: Record<string, unknown>): string {
  const pairs: string[] = [];
  const walk = (prefix: string, v: unknown): void => {
    if (v === undefined) return;
    if (Array.isArray(v)) v.forEach((item, i) => walk(`${prefix}[${i}]`, item));
    else if (v !== null && typeof v === "object")
      for (const [k, item] of Object.entries(v)) walk(`${prefix}[${k}]`, item);
    else
      pairs.push(
        `${encodeURIComponent(prefix)}=${encodeURIComponent(typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "")}`,
      );
  };
  for (const [k, v] of Object.entries(value)) walk(k, v);
  return pairs.join("&");
}
