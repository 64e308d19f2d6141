// A small re-implementation of the header rules of MDN HTTP Observatory's scoring
// (https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring), so transport.spec.ts
// can score every page type's headers over the suite's plain-http instance. The real scanner
// (`@mdn/mdn-http-observatory`) scores the store behind TLS in observatory.spec.ts.
// Start at 100; every test adds its modifier; bonuses (positive modifiers) count only when the
// score before bonuses is at least 90, as the Observatory does. Implemented rules and points:
//
//   Content-Security-Policy  no unsafe-inline/unsafe-eval/insecure schemes in script-src,
//                            with default-src 'none' +10 · otherwise clean 0 · unsafe-eval -10 ·
//                            unsafe-inline (without nonce/hash/'strict-dynamic') -20 · none -25
//   Cookies                  all Secure + session cookies HttpOnly + SameSite +5 · no cookies 0 ·
//                            Secure + HttpOnly sessions, no SameSite 0 · cookie without Secure -20 ·
//                            invalid SameSite -20 · session cookie without HttpOnly -30 ·
//                            session cookie without Secure -40
//   Strict-Transport-Security  max-age ≥ 6 months 0 · shorter -10 · missing or invalid -20
//                            (the +5 "preloaded" bonus needs the browsers' preload list: not scored)
//   X-Content-Type-Options   nosniff 0 · missing -5 · invalid -5
//   X-Frame-Options          via CSP frame-ancestors +5 · DENY/SAMEORIGIN 0 · missing/invalid -20
//   Referrer-Policy          no-referrer / same-origin / strict-origin(-when-cross-origin) +5 ·
//                            missing 0 · unsafe-url / origin / no-referrer-when-downgrade -5 · invalid -5
//   Cross-Origin-Resource-Policy  same-origin / same-site / cross-origin / missing 0 · invalid -5
//
// The store is served over loopback http in the tests; HSTS is scored as the header a TLS proxy
// passes through in production (the Observatory would score -20 for plain http regardless).

export type Score = { score: number; results: Record<string, { result: string; points: number }> };
type Headers = Record<string, string>;

const SIX_MONTHS = 15_552_000;
const SESSION_COOKIE = /sess|token|auth|sid/i;

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name && !map.has(name.toLowerCase())) map.set(name.toLowerCase(), values);
  }
  return map;
}

function csp(h: Headers): [string, number] {
  const header = h["content-security-policy"];
  if (!header) return ["csp-not-implemented", -25];
  const d = directives(header);
  const script = d.get("script-src") ?? d.get("default-src");
  if (!script) return ["csp-implemented-with-unsafe-inline", -20];
  const strict = script.some((v) => /^'(nonce-|sha(256|384|512)-|strict-dynamic')/.test(v));
  if (script.includes("'unsafe-inline'") && !strict) return ["csp-implemented-with-unsafe-inline", -20];
  if (script.some((v) => v === "http:" || v === "data:" || v.startsWith("http://") || v === "*"))
    return ["csp-implemented-with-insecure-scheme", -20];
  if (script.includes("'unsafe-eval'")) return ["csp-implemented-with-unsafe-eval", -10];
  return d.get("default-src")?.join(" ") === "'none'"
    ? ["csp-implemented-with-no-unsafe-default-src-none", 10]
    : ["csp-implemented-with-no-unsafe", 0];
}

export type SetCookie = { name: string; secure: boolean; httpOnly: boolean; sameSite: string | null };

export function parseSetCookie(line: string): SetCookie {
  const [pair, ...attrs] = line.split(";").map((s) => s.trim());
  const name = pair!.slice(0, pair!.indexOf("="));
  const lower = attrs.map((a) => a.toLowerCase());
  const sameSite = lower.find((a) => a.startsWith("samesite="))?.slice("samesite=".length) ?? null;
  return { name, secure: lower.includes("secure"), httpOnly: lower.includes("httponly"), sameSite };
}

function cookies(setCookies: SetCookie[]): [string, number] {
  if (setCookies.length === 0) return ["cookies-not-found", 0];
  const sessions = setCookies.filter((c) => SESSION_COOKIE.test(c.name));
  if (sessions.some((c) => !c.secure)) return ["cookies-session-without-secure-flag", -40];
  if (sessions.some((c) => !c.httpOnly)) return ["cookies-session-without-httponly-flag", -30];
  if (setCookies.some((c) => c.sameSite !== null && !["strict", "lax", "none"].includes(c.sameSite)))
    return ["cookies-samesite-flag-invalid", -20];
  if (setCookies.some((c) => !c.secure)) return ["cookies-without-secure-flag", -20];
  if (setCookies.every((c) => c.sameSite !== null)) return ["cookies-secure-with-httponly-sessions-and-samesite", 5];
  return ["cookies-secure-with-httponly-sessions", 0];
}

function hsts(h: Headers): [string, number] {
  const header = h["strict-transport-security"];
  if (!header) return ["hsts-not-implemented", -20];
  const age = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(header)?.[1];
  if (age === undefined) return ["hsts-header-invalid", -20];
  return Number(age) >= SIX_MONTHS
    ? ["hsts-implemented-max-age-at-least-six-months", 0]
    : ["hsts-implemented-max-age-less-than-six-months", -10];
}

function nosniff(h: Headers): [string, number] {
  const v = h["x-content-type-options"];
  if (!v) return ["x-content-type-options-not-implemented", -5];
  return v.trim().toLowerCase() === "nosniff"
    ? ["x-content-type-options-nosniff", 0]
    : ["x-content-type-options-header-invalid", -5];
}

function framing(h: Headers): [string, number] {
  const ancestors = directives(h["content-security-policy"] ?? "").get("frame-ancestors");
  if (ancestors && !ancestors.includes("*")) return ["x-frame-options-implemented-via-csp", 5];
  const v = h["x-frame-options"]?.trim().toUpperCase();
  if (!v) return ["x-frame-options-not-implemented", -20];
  return v === "DENY" || v === "SAMEORIGIN"
    ? ["x-frame-options-sameorigin-or-deny", 0]
    : ["x-frame-options-header-invalid", -20];
}

const PRIVATE = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];
const UNSAFE = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"];
function referrer(h: Headers): [string, number] {
  const header = h["referrer-policy"];
  if (!header) return ["referrer-policy-not-implemented", 0];
  // The last recognised token wins, as in browsers.
  const token = header
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter((t) => PRIVATE.includes(t) || UNSAFE.includes(t))
    .at(-1);
  if (!token) return ["referrer-policy-header-invalid", -5];
  return PRIVATE.includes(token) ? ["referrer-policy-private", 5] : ["referrer-policy-unsafe", -5];
}

function corp(h: Headers): [string, number] {
  const v = h["cross-origin-resource-policy"]?.trim().toLowerCase();
  if (!v) return ["cross-origin-resource-policy-not-implemented", 0];
  return ["same-origin", "same-site", "cross-origin"].includes(v)
    ? [`cross-origin-resource-policy-implemented-with-${v}`, 0]
    : ["cross-origin-resource-policy-header-invalid", -5];
}

/** Scores one response: `headers` lower-cased (Playwright's response.headers()), `setCookies` parsed. */
export function observatoryScore(headers: Headers, setCookies: SetCookie[]): Score {
  const tests: Record<string, [string, number]> = {
    "content-security-policy": csp(headers),
    cookies: cookies(setCookies),
    "strict-transport-security": hsts(headers),
    "x-content-type-options": nosniff(headers),
    "x-frame-options": framing(headers),
    "referrer-policy": referrer(headers),
    "cross-origin-resource-policy": corp(headers),
  };
  const entries = Object.entries(tests);
  const base = 100 + entries.reduce((sum, [, [, p]]) => sum + Math.min(p, 0), 0);
  const bonus = base >= 90 ? entries.reduce((sum, [, [, p]]) => sum + Math.max(p, 0), 0) : 0;
  return {
    score: base + bonus,
    results: Object.fromEntries(entries.map(([k, [result, points]]) => [k, { result, points }])),
  };
}
