import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { PASSWORD, register, signIn, submitPassword, uniqueEmail, useOwnIp } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";
import { addToCart } from "./support/cart";

test.describe("Account → Your data", () => {
  test.beforeEach(async ({ context }) => {
    await useOwnIp(context);
  });

  test("downloads the customer's data as a JSON file after the password, then deletes the account", async ({
    page,
  }) => {
    const email = uniqueEmail("privacy");
    await register(page, email, PASSWORD, "Prudence Privacy");
    await signIn(page, email);
    await page.goto("/account");
    await page.getByRole("link", { name: /Your data/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your data" })).toBeVisible();
    await expectNoAxeViolations(page);

    // A wrong password: back on the page with a clear message, no file.
    const exportForm = page.getByTestId("export-form");
    await exportForm.getByLabel("Password").fill("not the password at all");
    await exportForm.getByRole("button", { name: "Download my data" }).click();
    await expect(page.getByTestId("export-error")).toHaveText("That password is not correct.");
    await expectNoAxeViolations(page);

    await page.getByTestId("export-form").getByLabel("Password").fill(PASSWORD);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-form").getByRole("button", { name: "Download my data" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^account-data-\d{4}-\d{2}-\d{2}\.json$/);
    const text = await readFile(await download.path(), "utf8");
    const data = JSON.parse(text) as {
      profile: { email: string; name: string };
      sessions: unknown[];
      signInEvents: unknown[];
    };
    expect(data.profile).toMatchObject({ email, name: "Prudence Privacy" });
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(text).not.toContain("$argon2");

    // Deletion: a wrong password changes nothing; the right one signs out and the account is gone.
    const deleteForm = page.getByTestId("delete-form");
    await deleteForm.getByLabel("Password").fill("not the password at all");
    await deleteForm.getByRole("button", { name: "Delete my account" }).click();
    await expect(deleteForm.getByRole("alert")).toContainText("That password is not correct");
    await deleteForm.getByLabel("Password").fill(PASSWORD);
    await deleteForm.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/\?account=deleted$/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin\?next=/);
    await submitPassword(page, email);
    await expect(page.getByText("The email or password is incorrect.")).toBeVisible();
  });

  test("the address book: a bad postcode keeps what was typed, the saved default fills in checkout", async ({
    page,
  }) => {
    const email = uniqueEmail("addresses");
    await register(page, email, PASSWORD, "Erika Mustermann");
    await signIn(page, email);
    await page.goto("/account");
    await page.getByRole("link", { name: /Addresses/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your addresses" })).toBeVisible();
    const form = page.getByTestId("add-address");
    const typed = {
      "Full name": "Erika Mustermann",
      "Street address": "Unter den Linden 1",
      City: "Berlin",
      "Postal code": "1",
    };
    for (const [label, value] of Object.entries(typed)) await form.getByLabel(label).fill(value);
    await form.getByLabel("Country").selectOption("DE");
    await form.getByRole("button", { name: "Save address" }).click();
    await expect(form.getByRole("alert")).toBeFocused();
    for (const [label, value] of Object.entries(typed)) await expect(form.getByLabel(label)).toHaveValue(value);
    await expect(form.getByLabel("Country")).toHaveValue("DE");
    await expectNoAxeViolations(page);
    await form.getByLabel("Postal code").fill("10117");
    await form.getByRole("button", { name: "Save address" }).click();
    await expect(page.getByTestId("saved-address")).toContainText("Default at checkout");
    await expect(page.getByTestId("saved-address")).toContainText("10117 Berlin");
    await expectNoAxeViolations(page);

    await addToCart(page, "usb-c-charger", 1);
    await page.goto("/checkout");
    await expect(page.getByLabel("Full name")).toHaveValue("Erika Mustermann");
    await expect(page.getByLabel("Street address")).toHaveValue("Unter den Linden 1");
    await expect(page.getByLabel("Country")).toHaveValue("DE");
    await expect(page.getByLabel("Postal code")).toHaveValue("10117");
  });
});
