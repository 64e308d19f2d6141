import { expect, test } from "@playwright/test";
import { PASSWORD, register, signIn, uniqueEmail, useOwnIp } from "./support/auth";
import { extractLink, messagesTo, waitForMail } from "./support/mailbox";

test.describe("account recovery and sessions", () => {
  test.beforeEach(async ({ context }) => {
    await useOwnIp(context);
  });

  test("a forgotten password is reset through the emailed link, which works once", async ({ page }) => {
    const email = uniqueEmail("reset");
    await register(page, email);

    // The same answer for an address without an account, and no email is sent to it.
    const nobody = uniqueEmail("nobody");
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(nobody);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status")).toHaveText(/If an account exists for that email/);

    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status")).toHaveText(/If an account exists for that email/);
    const link = extractLink(await waitForMail(email, /Reset your Secure Store password/), "/reset-password");
    expect(link).toMatch(/\/reset-password#token=[A-Za-z0-9_-]{43}$/);
    expect(await messagesTo(nobody)).toEqual([]);

    await page.goto(link);
    // The token leaves the address bar as soon as the page has read it.
    await expect(page).toHaveURL(/\/reset-password$/);
    await page.getByLabel("New password", { exact: true }).fill("brand new passphrase 42");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByTestId("reset-status")).toHaveText(/Your password has been changed/);
    await waitForMail(email, /password was changed/);

    await signIn(page, email, "brand new passphrase 42");

    await page.goto(link);
    await page.getByLabel("New password", { exact: true }).fill("yet another passphrase 7");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByTestId("reset-status")).toHaveText(/invalid, expired or already used/);
  });

  test("signing out ends the session for a copied cookie too; a session can be signed out from another browser", async ({
    page,
    context,
    browser,
  }) => {
    const email = uniqueEmail("revoke");
    await register(page, email);
    await signIn(page, email);

    const copied = await browser.newContext();
    await copied.addCookies(
      (await context.cookies()).filter((c) => c.name.startsWith("__Host-next-auth.session-token")),
    );
    const thief = await copied.newPage();
    await thief.goto("/account");
    await expect(thief.getByTestId("account-email")).toHaveText(email);

    // A second, separate session in a third browser.
    const other = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.250" } });
    const otherPage = await other.newPage();
    await signIn(otherPage, email);
    await waitForMail(email, /New sign-in/);

    await page.goto("/account/security");
    await expect(page.getByTestId("session-row")).toHaveCount(2);
    await page.getByRole("button", { name: "Sign out this session" }).click();
    await expect(page.getByTestId("session-row")).toHaveCount(1);
    await otherPage.goto("/account");
    await expect(otherPage).toHaveURL(/\/signin/);

    await page.goto("/account");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByTestId("signin-link")).toBeVisible();
    await thief.goto("/account");
    await expect(thief).toHaveURL(/\/signin/);
    await copied.close();
    await other.close();
  });

  test("register never reveals whether an email already has an account", async ({ page }) => {
    await register(page, "shopper@example.com", PASSWORD, "Someone Else");
    await waitForMail("shopper@example.com", /Someone tried to create an account/);
  });
});
