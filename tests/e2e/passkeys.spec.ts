import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { PASSWORD, register, signIn, signOut, uniqueEmail, useOwnIp } from "./support/auth";
import { waitForMail } from "./support/mailbox";
import { addPasskey, addVirtualAuthenticator, signInWithPasskey } from "./support/passkeys";

test.describe("passkeys", () => {
  test.beforeEach(async ({ context }) => {
    await useOwnIp(context);
  });

  test("a shopper adds a passkey, signs out, signs in with it (no password, no code), and removes it", async ({
    page,
  }) => {
    const authenticator = await addVirtualAuthenticator(page);
    const email = uniqueEmail("passkey");
    await register(page, email);
    await signIn(page, email);

    // The password is asked again before a passkey can be added.
    await page.goto("/account/security");
    const form = page.getByRole("form", { name: "Add a passkey" });
    await form.getByLabel("Name for this passkey").fill("Test laptop");
    await form.getByLabel("Password").fill("not my password");
    await form.getByRole("button", { name: "Add a passkey" }).click();
    await expect(page.getByTestId("add-passkey-status")).toHaveText(/password is not correct/);
    expect(await authenticator.credentials()).toHaveLength(0);

    await addPasskey(page, "Test laptop", PASSWORD);
    expect(await authenticator.credentials()).toHaveLength(1);
    await waitForMail(email, /A passkey was added/);
    await expectNoAxeViolations(page);
    await signOut(page);

    await signInWithPasskey(page);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);

    await page.goto("/account/security");
    const item = page.getByTestId("passkey").filter({ hasText: "Test laptop" });
    await expect(item).toContainText(/last used [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    await item.getByText("Rename or remove").click();
    const remove = item.getByRole("form", {
      name: "Remove passkey Test laptop",
    });
    await remove.getByLabel("Password").fill(PASSWORD);
    await remove.getByRole("button", { name: "Remove passkey" }).click();
    await expect(page.getByTestId("passkey-count")).toHaveText(/no passkeys/);
    await waitForMail(email, /A passkey was removed/);
    await signOut(page);

    // The credential still sits in the authenticator, but the store no longer knows it.
    await signInWithPasskey(page);
    await expect(page.getByTestId("passkey-signin-status")).toHaveText(/could not be used/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin/);
  });
});
