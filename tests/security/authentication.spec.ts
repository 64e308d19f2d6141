import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import {
  enableTwoFactor,
  expectCodeReplayRefused,
  register,
  signIn,
  signOut,
  submitCode,
  submitPassword,
  totpCode,
  uniqueEmail,
  useOwnIp,
  PASSWORD,
} from "../e2e/support/auth";
import { query } from "./support/server";

// Authentication attacks: credential stuffing (many accounts from one address, one account from
// many addresses), TOTP brute force and replay, session fixation, forged and stale session cookies.

const GENERIC = "The email or password is incorrect.";
const LOCKED = /Too many attempts/;
const SESSION = "__Host-next-auth.session-token";

async function attempt(page: Page, email: string, password: string): Promise<string> {
  await submitPassword(page, email, password);
  const status = page.getByTestId("signin-status");
  await expect(status).toHaveText(/\S/);
  return (await status.textContent())!.trim();
}

test("credential stuffing many accounts from one address: generic answers, then the per-IP limit", async ({
  page,
  context,
}) => {
  await useOwnIp(context);
  const real = uniqueEmail("stuffed");
  await register(page, real);
  const answers: string[] = [];
  for (let i = 0; i < 25; i++) {
    const email = i % 5 === 0 ? real : uniqueEmail("nobody");
    const answer = await attempt(page, email, `guess-${i}-${randomBytes(3).toString("hex")}`);
    answers.push(answer);
    if (LOCKED.test(answer)) break;
  }
  const locked = answers.findIndex((a) => LOCKED.test(a));
  expect(locked, answers.join(" | ")).toBeGreaterThan(0);
  expect(locked).toBeLessThanOrEqual(21);
  // Before the limit, an existing and an unknown account get the very same words.
  expect(new Set(answers.slice(0, locked))).toEqual(new Set([GENERIC]));
  // Once limited, even the right password from this address does not sign in.
  expect(await attempt(page, real, PASSWORD)).toMatch(LOCKED);
  await expect(page).not.toHaveURL(/\/account$/);
});

test("one account from many addresses: five failures lock it, even for the right password elsewhere", async ({
  browser,
}) => {
  const victim = uniqueEmail("victim");
  const setup = await browser.newContext();
  await useOwnIp(setup);
  await register(await setup.newPage(), victim);
  await setup.close();
  const answers: string[] = [];
  for (let i = 0; i < 7; i++) {
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `203.0.113.${10 + i}` } });
    answers.push(await attempt(await context.newPage(), victim, `wrong-${i}`));
    await context.close();
  }
  expect(answers.slice(0, 5)).toEqual(Array(5).fill(GENERIC));
  expect(
    answers.slice(5).every((a) => LOCKED.test(a)),
    answers.join(" | "),
  ).toBe(true);
  const fresh = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "192.0.2.77" } });
  const page = await fresh.newPage();
  expect(await attempt(page, victim, PASSWORD)).toMatch(LOCKED);
  await expect(page).not.toHaveURL(/\/account$/);
  // An unknown address is locked out exactly like a real one (no account enumeration).
  const ghost = uniqueEmail("ghost");
  const ghostAnswers: string[] = [];
  for (let i = 0; i < 6; i++) ghostAnswers.push(await attempt(page, ghost, `wrong-${i}`));
  expect(ghostAnswers.slice(0, 5)).toEqual(Array(5).fill(GENERIC));
  expect(ghostAnswers[5]).toMatch(LOCKED);
  await fresh.close();
});

test("TOTP brute force is stopped after a handful of guesses, and then even the right code fails", async ({
  page,
  context,
}) => {
  await useOwnIp(context);
  const email = uniqueEmail("totp-brute");
  await register(page, email);
  await signIn(page, email);
  const { secret } = await enableTwoFactor(page);
  await signOut(page);
  const right = new Set([totpCode(secret, -1), totpCode(secret), totpCode(secret, 1)]);
  let guesses = 0;
  let stopped = false;
  await submitPassword(page, email);
  while (guesses < 30 && !stopped) {
    if (!(await page.getByLabel("Authentication code").isVisible())) await submitPassword(page, email);
    let guess = "";
    do guess = String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, "0");
    while (right.has(guess));
    await submitCode(page, guess);
    guesses++;
    const status = page.getByTestId("signin-status");
    await expect(status).toHaveText(/\S/);
    stopped = LOCKED.test((await status.textContent()) ?? "");
  }
  expect(stopped).toBe(true);
  // Per-account limit with a progressive block: a handful of guesses (6–11 observed, depending on
  // how the pending sign-ins expire), never the ~10^6 a 6-digit code space needs.
  expect(guesses).toBeLessThanOrEqual(15);
  // Locked: the correct code is refused too, so guessing on cannot pay off.
  if (!(await page.getByLabel("Authentication code").isVisible())) await submitPassword(page, email);
  if (await page.getByLabel("Authentication code").isVisible()) {
    await submitCode(page, totpCode(secret));
    await expect(page.getByTestId("signin-status")).toHaveText(LOCKED);
  } else {
    await expect(page.getByTestId("signin-status")).toHaveText(LOCKED);
  }
  await expect(page).not.toHaveURL(/\/account$/);
  expect(
    query(
      `SELECT COUNT(*) AS n FROM UserSession s JOIN User u ON u.id = s.userId WHERE u.email = ? AND s.revokedAt IS NULL`,
      email,
    ),
  ).toEqual([{ n: 0 }]);
});

test("a TOTP code that signed in once is refused the second time", async ({ page, context }) => {
  await useOwnIp(context);
  const email = uniqueEmail("totp-replay");
  await register(page, email);
  await signIn(page, email);
  const { secret } = await enableTwoFactor(page);
  await signOut(page);
  // Enrollment just used this period's code; the next period's (within the one step of drift
  // allowed) signs in once, and the very same code is then refused.
  await expectCodeReplayRefused(page, email, secret);
  await expect(page).not.toHaveURL(/\/account$/);
});

test("session fixation: a session cookie planted before sign-in is not the session after it", async ({
  page,
  context,
}) => {
  await useOwnIp(context);
  const email = uniqueEmail("fixation");
  await register(page, email);
  const planted = randomBytes(32).toString("base64url");
  const { hostname } = new URL(page.url());
  await context.addCookies([
    { name: SESSION, value: planted, domain: hostname, path: "/", secure: true, httpOnly: true, sameSite: "Lax" },
    {
      name: "__Host-signin",
      value: planted,
      domain: hostname,
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
    },
  ]);
  await signIn(page, email);
  const jar = await context.cookies();
  const session = jar.find((c) => c.name === SESSION);
  expect(session?.value).toBeTruthy();
  expect(session!.value).not.toBe(planted);
  expect(jar.filter((c) => c.value === planted)).toEqual([]);
  // The planted value alone is worth nothing.
  const attacker = await page.context().browser()!.newContext();
  await attacker.addCookies([
    { name: SESSION, value: planted, domain: hostname, path: "/", secure: true, httpOnly: true, sameSite: "Lax" },
  ]);
  const response = await attacker.request.get("/api/auth/session");
  expect(await response.json()).toEqual({});
  await attacker.close();
});

test("forged session cookies (alg none, random signature, random bytes) do not sign anyone in", async ({
  browser,
  baseURL,
}) => {
  const victim = query<{ id: string; email: string }>(`SELECT id, email FROM User WHERE role = 'ADMIN' LIMIT 1`)[0]!;
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const claims = {
    sub: victim.id,
    email: victim.email,
    role: "ADMIN",
    sessionId: "x",
    twoFactorEnabled: true,
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  const forgeries = [
    `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`,
    `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}.${randomBytes(32).toString("base64url")}`,
    `${b64({ alg: "dir", enc: "A256GCM" })}..${randomBytes(12).toString("base64url")}.${b64(claims)}.${randomBytes(16).toString("base64url")}`,
    randomBytes(48).toString("base64url"),
  ];
  const { hostname } = new URL(baseURL!);
  for (const value of forgeries) {
    const context = await browser.newContext();
    await context.addCookies([
      { name: SESSION, value, domain: hostname, path: "/", secure: true, httpOnly: true, sameSite: "Lax" },
    ]);
    expect(await (await context.request.get("/api/auth/session")).json(), value).toEqual({});
    const account = await context.request.get("/account", { maxRedirects: 0 });
    expect(account.status(), value).toBe(307);
    expect(account.headers()["location"]).toContain("/signin");
    const admin = await context.request.get("/admin", { maxRedirects: 0 });
    expect(admin.headers()["location"] ?? "", value).not.toMatch(/^\/admin/);
    expect(await admin.text()).not.toContain("admin-heading");
    await context.close();
  }
});

test("a session cookie copied before sign-out is dead afterwards", async ({ browser, page, context }) => {
  await useOwnIp(context);
  const email = uniqueEmail("copied");
  await register(page, email);
  await signIn(page, email);
  const stolen = (await context.cookies()).find((c) => c.name === SESSION)!;
  expect(stolen).toBeTruthy();
  const sessionId = query<{ id: string }>(
    `SELECT s.id FROM UserSession s JOIN User u ON u.id = s.userId WHERE u.email = ?`,
    email,
  )[0]!.id;
  await signOut(page);
  expect(
    query<{ revokedAt: unknown }>(`SELECT revokedAt FROM UserSession WHERE id = ?`, sessionId)[0]!.revokedAt,
  ).not.toBeNull();
  const thief = await browser.newContext();
  await thief.addCookies([stolen]);
  // /api/auth/session checks the server-side row too: the revoked session is reported as no session.
  const session = (await (await thief.request.get("/api/auth/session")).json()) as Record<string, unknown>;
  expect(session.user).toBeUndefined();
  expect(session.sessionId).toBeUndefined();
  expect(JSON.stringify(session)).not.toContain(email);
  for (const path of ["/account/security", "/orders"]) {
    const r = await thief.request.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBe(307);
    expect(r.headers()["location"], path).toContain("/signin");
  }
  const account = await thief.request.get("/account", { maxRedirects: 0 });
  expect(account.status()).toBe(307);
  expect(account.headers()["location"]).toContain("/signin");
  await thief.close();
});
