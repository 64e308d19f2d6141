import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import {
  DEMO_PASSWORD,
  enableTwoFactor,
  expectCodeReplayRefused,
  PASSWORD,
  register,
  signIn,
  signOut,
  submitCode,
  submitPassword,
  uniqueEmail,
  useOwnIp,
} from "./support/auth";
import { waitForMail } from "./support/mailbox";

test.describe("accounts with two-factor authentication", () => {
  test.beforeEach(async ({ context }) => {
    await useOwnIp(context);
  });

  test("register, turn on 2FA, then sign in with a code (once) and a recovery code (once)", async ({ page }) => {
    const email = uniqueEmail("twofa");
    await register(page, email);
    await waitForMail(email, /Welcome to Secure Store/);
    await signIn(page, email);
    await expect(page.getByTestId("account-email")).toHaveText(email);

    const { secret, codes } = await enableTwoFactor(page);
    expect(new Set(codes).size).toBe(10);
    await waitForMail(email, /Two-factor authentication was turned on/);
    await signOut(page);

    // The password alone is not enough: the second step appears and no session exists yet.
    await submitPassword(page, email);
    await expect(page.getByLabel("Authentication code")).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin\?next=%2Faccount/);

    // The code used for enrollment is spent, so sign in with the next one; it works once only.
    await expectCodeReplayRefused(page, email, secret);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin/);

    await submitPassword(page, email);
    await submitCode(page, codes[0]!);
    await expect(page).toHaveURL(/\/account$/);
    await signOut(page);

    await submitPassword(page, email);
    await submitCode(page, codes[0]!);
    await expect(page.getByTestId("signin-status")).toHaveText(/not valid/);

    // Failures and successes show up in the account's activity.
    await submitPassword(page, email);
    await submitCode(page, codes[1]!);
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/account/security");
    await expect(page.getByTestId("two-factor-state")).toContainText("Recovery codes left: 8");
    await expect(page.getByTestId("activity-row").filter({ hasText: "Wrong two-factor code" })).toHaveCount(2);
    await expect(page.getByTestId("activity-row").filter({ hasText: "Signed in" }).first()).toBeVisible();
  });

  test("staff without 2FA are sent to enrollment and never see /admin until enrolled", async ({ page }) => {
    await signIn(page, "reviewer@example.com", DEMO_PASSWORD);
    const response = await page.request.get("/admin", { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers()["location"]).toContain("/account/security?required=2fa");
    expect(await response.text()).not.toContain("admin-heading");

    await page.goto("/admin");
    await expect(page).toHaveURL(/\/account\/security\?required=2fa/);
    await expect(page.getByTestId("two-factor-required")).toBeVisible();
    await expect(page.getByTestId("admin-heading")).toHaveCount(0);

    await enableTwoFactor(page);
    await page.goto("/admin");
    await expect(page.getByTestId("admin-heading")).toBeVisible();
  });

  test("a customer gets a 404 from /admin and a visitor is asked to sign in", async ({ page }) => {
    const visitor = await page.request.get("/admin", { maxRedirects: 0 });
    expect(visitor.status()).toBe(307);
    expect(visitor.headers()["location"]).toContain("/signin");
    await signIn(page, "shopper@example.com", DEMO_PASSWORD);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("admin-heading")).toHaveCount(0);
  });

  test("session cookies are httpOnly, SameSite=Lax, Secure and __Host- prefixed", async ({ page, context }) => {
    const email = uniqueEmail("cookie");
    await register(page, email);
    await signIn(page, email);
    const session = (await context.cookies()).find((c) => c.name.startsWith("__Host-next-auth.session-token"));
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(session?.domain).toBe("localhost");
  });

  test("sign-in, register, password reset and security pages have no accessibility violations", async ({ page }) => {
    await page.goto("/signin");
    await expectNoAxeViolations(page);
    await page.goto("/register");
    await page.getByLabel("Password", { exact: true }).fill("short one");
    await expect(page.getByTestId("password-strength")).toContainText("too short");
    await expectNoAxeViolations(page);
    await page.goto("/forgot-password");
    await expectNoAxeViolations(page);

    const email = uniqueEmail("axe");
    await register(page, email);
    await signIn(page, email, PASSWORD);
    await page.goto("/account/security");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
    await expect(page.getByTestId("totp-secret")).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
