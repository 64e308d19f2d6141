import { expect, test } from "@playwright/test";
import { enableTwoFactor, register, signIn, uniqueEmail, useOwnIp } from "../e2e/support/auth";
import { orderByReference, query } from "./support/server";
import { buy } from "./support/shop";
import { staffPage } from "./support/staff";

// Nothing secret in anything a browser can reach: password hashes, TOTP secrets, tokens,
// encrypted payloads, card numbers; and error pages without stack traces.

const SECRET_SHAPES: [string, RegExp][] = [
  ["argon2 hash", /\$argon2(id|i|d)\$/],
  // Field names of secret columns, and secret values by their prefix (settings' names may be shown).
  [
    "secret fields and keys",
    /totpSecret|totpPending|passwordHash|tokenHash|browserHash|sk_(test|live)_|whsec_|rk_(test|live)_/,
  ],
  ["encrypted payload (v1.…)", /\bv\d+\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/],
  ["card number", /\b4111\d{12}\b|\b4111[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}\b/],
  ["stack trace", /at \w+ \(|node_modules\/|\.tsx?:\d+:\d+/],
];

/** 32+ character base64url runs that are not this response's CSP nonce, build ids or asset hashes. */
function suspiciousTokens(body: string, nonce: string | undefined): string[] {
  const visible = body
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, (s) =>
      /self\.__next_f/.test(s) ? s.replace(/static\/[^"\\]+/g, "") : "",
    )
    .replace(/(href|src|srcset|nonce|integrity)="[^"]*"/g, "");
  const found = visible.match(/(?<![A-Za-z0-9_\-/.])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_\-/.])/g) ?? [];
  // Next.js server-action ids ($ACTION_ID_<hex>) are public references, not secrets; so are the
  // element ids React's useId makes (_R_<base32>_) inside a field's id.
  return found.filter(
    (t) =>
      t !== nonce &&
      !t.startsWith("ACTION_") &&
      !/_R_[a-z0-9]+_/.test(t) &&
      !/^[a-f0-9]+$/.test(t) &&
      !/^[a-z0-9-]+$/.test(t) &&
      !/^[A-Z_]+$/.test(t),
  );
}

function scan(label: string, body: string, nonce?: string) {
  for (const [name, pattern] of SECRET_SHAPES) expect(pattern.exec(body)?.[0], `${label}: ${name}`).toBeUndefined();
  expect(suspiciousTokens(body, nonce), `${label}: token-like strings`).toEqual([]);
}

test("account, order, session and admin answers carry no hashes, secrets, tokens or card numbers", async ({
  browser,
}) => {
  const context = await browser.newContext();
  await useOwnIp(context);
  const page = await context.newPage();
  const email = uniqueEmail("leak");
  await register(page, email);
  await signIn(page, email);
  await enableTwoFactor(page);
  const reference = await buy(page, email);
  const { id } = orderByReference(reference);
  const admin = await staffPage(browser, "admin");

  const stored = query<{ passwordHash: string; totpSecretEnc: string | null }>(
    `SELECT passwordHash, totpSecretEnc FROM User WHERE email = ?`,
    email,
  )[0]!;
  const reachable: [typeof page, string][] = [
    [page, "/account"],
    [page, "/account/security"],
    [page, "/orders"],
    [page, `/orders/${id}`],
    [page, "/api/auth/session"],
    [page, "/api/auth/csrf"],
    [admin.page, "/admin"],
    [admin.page, "/admin/orders"],
    [admin.page, `/admin/orders/${id}`],
    [admin.page, "/admin/staff"],
    [admin.page, "/admin/audit"],
    [admin.page, "/admin/security"],
    [admin.page, "/api/auth/session"],
  ];
  for (const [who, path] of reachable) {
    const r = await who.request.get(path);
    expect(r.status(), path).toBe(200);
    const body = await r.text();
    expect(body, path).not.toContain(stored.passwordHash);
    if (stored.totpSecretEnc) expect(body, path).not.toContain(stored.totpSecretEnc);
    const nonce = /'nonce-([^']+)'/.exec(r.headers()["content-security-policy"] ?? "")?.[1];
    // The csrf endpoint's job is to hand out its token; everything else is scanned for token shapes.
    if (path === "/api/auth/csrf") {
      for (const [name, pattern] of SECRET_SHAPES) expect(pattern.exec(body)?.[0], `${path}: ${name}`).toBeUndefined();
    } else scan(path, body, nonce);
  }
  const session = (await (await page.request.get("/api/auth/session")).json()) as Record<string, unknown>;
  // The session endpoint carries only the expiry and the opaque session id: no identity, no secrets.
  expect(Object.keys(session).sort()).toEqual(["expires", "sessionId"]);
  expect(JSON.stringify(session)).not.toMatch(/totp|hash|role|email|\$argon2/i);
  await context.close();
  await admin.context.close();
});

test("error responses never carry stack traces or internals", async ({ request }) => {
  const probes: [string, Parameters<typeof request.fetch>[1]][] = [
    ["/no-such-page", { method: "GET" }],
    ["/product/%E0%A4%A", { method: "GET" }],
    ["/orders/track/%00", { method: "GET" }],
    ["/api/auth/session", { method: "POST", data: "{", headers: { "Content-Type": "application/json" } }],
    ["/api/auth/callback/credentials", { method: "POST", form: { csrfToken: "x", ticket: "' OR 1=1" } }],
    ["/api/webhooks/stripe", { method: "POST", data: "not json", headers: { "Stripe-Signature": "t=1,v1=00" } }],
    ["/cart", { method: "POST", data: "[", headers: { "Next-Action": "f".repeat(42), "Content-Type": "text/plain" } }],
    [
      "/checkout",
      { method: "POST", data: '{"a":', headers: { "Next-Action": "0".repeat(40), "Content-Type": "application/json" } },
    ],
  ];
  for (const [path, options] of probes) {
    const r = await request.fetch(path, { ...options, maxRedirects: 0 });
    expect(r.status(), path).toBeLessThan(600);
    const body = await r.text();
    expect(body, path).not.toMatch(/at \w+ \(|node_modules|\.tsx?:\d+|PrismaClient|SQLITE_|Error: .*\n\s+at /);
  }
});
