import { expect, test, type APIResponse } from "@playwright/test";
import { register, signIn, uniqueEmail, useOwnIp } from "../e2e/support/auth";
import { staffPage } from "./support/staff";
import { observatoryScore, parseSetCookie, type SetCookie } from "./support/observatory";

// Transport and browser hardening, per page type (public, product, account, admin): CSP with a
// nonce and no unsafe-*, HSTS, framing, nosniff, Referrer-Policy, CORP/COOP, cookie flags, an
// Observatory-style score, and no CORS header that would let another origin read the answer.

const EVIL = "https://evil.example";

function expectHardened(response: APIResponse, label: string) {
  const h = response.headers();
  const csp = h["content-security-policy"] ?? "";
  const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  expect(scriptSrc, label).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc, label).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:|data:/);
  expect(csp, label).toContain("frame-ancestors 'none'");
  expect(csp, label).toContain("object-src 'none'");
  expect(h["strict-transport-security"], label).toMatch(/max-age=(\d{8,})/);
  expect(Number(/max-age=(\d+)/.exec(h["strict-transport-security"]!)![1])).toBeGreaterThanOrEqual(31_536_000);
  expect(h["x-content-type-options"], label).toBe("nosniff");
  expect(h["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(h["cross-origin-resource-policy"], label).toBe("same-origin");
  expect(h["cross-origin-opener-policy"], label).toBe("same-origin");
  expect(h["access-control-allow-origin"], label).toBeUndefined();
  expect(h["access-control-allow-credentials"], label).toBeUndefined();
}

const setCookiesOf = (response: APIResponse): SetCookie[] =>
  response
    .headersArray()
    .filter((x) => x.name.toLowerCase() === "set-cookie")
    .map((x) => parseSetCookie(x.value));

test("public, product, account and admin pages carry the full header set and score ≥ 100", async ({ browser }) => {
  const shopper = await browser.newContext();
  await useOwnIp(shopper);
  const page = await shopper.newPage();
  const email = uniqueEmail("transport");
  await register(page, email);
  await signIn(page, email);
  const admin = await staffPage(browser, "admin");

  const targets: [string, typeof page][] = [
    ["/", page],
    ["/product/chef-knife", page],
    ["/account", page],
    ["/account/security", page],
    ["/admin", admin.page],
    ["/admin/security", admin.page],
  ];
  // The session cookies the browser holds, as the Observatory would see them on sign-in.
  const jar = (await shopper.cookies()).map((c) => ({
    name: c.name,
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite: c.sameSite.toLowerCase(),
  }));
  for (const [path, who] of targets) {
    const response = await who.request.get(path, { headers: { Origin: EVIL }, maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    expectHardened(response, path);
    const { score, results } = observatoryScore(response.headers(), [...setCookiesOf(response), ...jar]);
    expect(score, `${path}: ${JSON.stringify(results)}`).toBeGreaterThanOrEqual(100);
    expect(results["content-security-policy"]!.points, path).toBeGreaterThanOrEqual(0);
    expect(results["x-frame-options"]!.result, path).toBe("x-frame-options-implemented-via-csp");
  }
  await shopper.close();
  await admin.context.close();
});

test("the Observatory scorer itself penalises what it should (a weak page scores far below 100)", () => {
  const weak = observatoryScore(
    { "content-security-policy": "script-src 'self' 'unsafe-inline' 'unsafe-eval'", "referrer-policy": "unsafe-url" },
    [{ name: "session", secure: false, httpOnly: false, sameSite: null }],
  );
  expect(weak.score).toBeLessThan(50);
  expect(weak.results.cookies!.result).toBe("cookies-session-without-secure-flag");
});

test("cookies are httpOnly, SameSite and Secure with the __Host-/__Secure- prefixes", async ({ browser }) => {
  const context = await browser.newContext();
  await useOwnIp(context);
  const page = await context.newPage();
  const email = uniqueEmail("cookies");
  await register(page, email);
  await signIn(page, email);
  await page.goto("/product/chef-knife");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Added to your cart/ })).toBeVisible();
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).toContain("__Host-next-auth.session-token");
  for (const c of cookies) {
    expect(c.name, c.name).toMatch(/^__(Host|Secure)-/);
    expect(c.secure, c.name).toBe(true);
    expect(["Lax", "Strict"], c.name).toContain(c.sameSite);
    if (/session|cart|signin|device|csrf/i.test(c.name)) expect(c.httpOnly, c.name).toBe(true);
    if (c.name.startsWith("__Host-")) expect(c.path, c.name).toBe("/");
  }
  await context.close();
});

test("no CORS grant: another origin cannot read pages or /api answers with credentials", async ({ browser }) => {
  const context = await browser.newContext();
  await useOwnIp(context);
  const page = await context.newPage();
  const email = uniqueEmail("cors");
  await register(page, email);
  await signIn(page, email);
  for (const path of [
    "/account",
    "/api/auth/session",
    "/api/auth/csrf",
    "/api/auth/providers",
    "/api/health",
    "/orders",
  ]) {
    for (const method of ["GET", "OPTIONS"] as const) {
      const response = await page.request.fetch(path, {
        method,
        headers: {
          Origin: EVIL,
          "Access-Control-Request-Method": "GET",
          "Access-Control-Request-Headers": "content-type",
        },
        maxRedirects: 0,
      });
      const h = response.headers();
      expect(h["access-control-allow-origin"], `${method} ${path}`).toBeUndefined();
      expect(h["access-control-allow-credentials"], `${method} ${path}`).toBeUndefined();
    }
  }
  // And a real cross-origin fetch from another page cannot read the session.
  await page.goto("/");
  const read = await page.evaluate(
    async (url) => {
      try {
        const r = await fetch(url, { credentials: "include", mode: "cors" });
        return await r.text();
      } catch {
        return "blocked";
      }
    },
    `http://127.0.0.1:${new URL(page.url()).port}/api/auth/session`,
  );
  expect(read).toBe("blocked");
  await context.close();
});
