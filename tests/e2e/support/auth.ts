import { randomBytes } from "node:crypto";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import geoip from "geoip-country";
import { generateSync } from "otplib";

// Helpers for the account browser tests. The e2e server trusts one proxy hop, so each test can
// present its own client address (X-Forwarded-For) and keep its own per-IP rate-limit buckets.

export { DEMO_PASSWORD } from "../../support/demo-password";
export const PASSWORD = "velvet kettle orbit 2026";

export const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString("hex")}@example.org`;

let ipCounter = 0;
export async function useOwnIp(context: BrowserContext): Promise<void> {
  ipCounter++;
  // An address of its own that has no country or a US one, like the test shopper (an American
  // paying with US cards): parts of 198.51.101-149 are Canadian, Syrian or Indonesian, and the
  // fraud rules would then hold the shopper's order for a country mismatch.
  let ip: string;
  do ip = `198.51.${100 + (randomBytes(1)[0]! % 50)}.${(ipCounter % 250) + 1}`;
  while (!["US", undefined].includes(geoip.lookup(ip)?.country));
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": ip });
}

/** The TOTP code for `secret`, `steps` periods from now (same parameters as lib/auth/totp.ts). */
export function totpCode(secret: string, steps = 0): string {
  return generateSync({
    secret,
    epoch: Math.floor(Date.now() / 1000) + steps * 30,
    algorithm: "sha1",
    digits: 6,
    period: 30,
  });
}

export async function register(page: Page, email: string, password = PASSWORD, name = "Ada Lovelace"): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("register-status")).toHaveText(/Check your email/);
}

/** Fills the password step; returns when the form either moved on (2FA) or signed in. */
export async function submitPassword(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await submitPassword(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
}

export async function submitCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

/**
 * Right after enrollment (which spent this period's code): signs in with the next period's code,
 * signs out, and checks that the very same code is then refused.
 */
export async function expectCodeReplayRefused(page: Page, email: string, secret: string): Promise<void> {
  const code = totpCode(secret, 1);
  await submitPassword(page, email);
  await submitCode(page, code);
  await expect(page).toHaveURL(/\/account$/);
  await signOut(page);
  await submitPassword(page, email);
  await submitCode(page, code);
  await expect(page.getByTestId("signin-status")).toHaveText(/not valid/);
}

export async function signOut(page: Page): Promise<void> {
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("signin-link")).toBeVisible();
}

/** Turns 2FA on from the security page; returns the secret and the recovery codes shown. */
export async function enableTwoFactor(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const key = page.getByTestId("totp-secret");
  await expect(key).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" }).locator("svg")).toBeVisible();
  const secret = ((await key.textContent()) ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from your app").fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const list = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(list).toHaveCount(10);
  const codes = (await list.allTextContents()).map((c) => c.trim());
  await page.getByRole("link", { name: "I have saved my codes" }).click();
  await expect(page.getByTestId("two-factor-state")).toContainText("on");
  return { secret, codes };
}
