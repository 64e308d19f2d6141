import { expect, type Page } from "@playwright/test";

export const shopper = { email: "ada@example.com", name: "Ada Lovelace", line1: "1 Analytical Way", city: "London", postalCode: "N1 9GU", country: "GB" };

/** From the cart to Stripe's (the emulator's) hosted page. */
export async function checkoutFromCart(page: Page, details: Partial<typeof shopper> = {}): Promise<void> {
  const d = { ...shopper, ...details };
  await page.goto("/cart");
  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Email").fill(d.email);
  await page.getByLabel("Full name").fill(d.name);
  await page.getByLabel("Street address").fill(d.line1);
  await page.getByLabel("City").fill(d.city);
  await page.getByLabel("Postal code").fill(d.postalCode);
  await page.getByLabel("Country").selectOption(d.country);
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("heading", { name: "Payment details" })).toBeVisible();
}

/** Types a card on the hosted page, exactly as a shopper would. */
export async function payWithCard(page: Page, number: string, name = "Ada Lovelace"): Promise<void> {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry date (MM / YY)").fill("12 / 34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByLabel("Name on card").fill(name);
  await page.getByLabel("Address").fill("1 Analytical Way");
  await page.getByLabel("City").fill("London");
  await page.getByLabel("Postal code").fill("N1 9GU");
  await page.getByLabel("Country").selectOption("GB");
  await page.getByRole("button", { name: /^Pay / }).click();
}

/** The return page reads the order from the database; the webhook may land a moment later. */
export async function expectOrderStatus(page: Page, status: string): Promise<void> {
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}
