import { expect, type Page } from "@playwright/test";

// An American shopper: the hosted page's made-up test numbers are US-issued cards, and a billing
// address in another country than the card's is what the fraud rules hold by default.
export const shopper = {
  email: "ada@example.com",
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "New York",
  postalCode: "10001",
  country: "US",
};

/** From the cart to Stripe's (the emulator's) hosted page. */
export async function checkoutFromCart(
  page: Page,
  details: Partial<typeof shopper> & { express?: boolean } = {},
): Promise<void> {
  const d = { ...shopper, ...details };
  await page.goto("/cart");
  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Email").fill(d.email);
  await page.getByLabel("Full name").fill(d.name);
  await page.getByLabel("Street address").fill(d.line1);
  await page.getByLabel("City").fill(d.city);
  await page.getByLabel("Postal code").fill(d.postalCode);
  await page.getByLabel("Country").selectOption(d.country);
  if (d.express) await page.getByRole("radio", { name: /Express shipping/ }).check();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("heading", { name: "Payment details" })).toBeVisible();
}

/** Types a card on the hosted page, exactly as a shopper would. */
export async function payWithCard(
  page: Page,
  number: string,
  name = "Ada Lovelace",
  billing: Pick<typeof shopper, "line1" | "city" | "postalCode" | "country"> = shopper,
): Promise<void> {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry date (MM / YY)").fill("12 / 34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByLabel("Name on card").fill(name);
  await page.getByLabel("Address").fill(billing.line1);
  await page.getByLabel("City").fill(billing.city);
  await page.getByLabel("Postal code").fill(billing.postalCode);
  await page.getByLabel("Country").selectOption(billing.country);
  await page.getByRole("button", { name: /^Pay / }).click();
}

/** The return page reads the order from the database; the webhook may land a moment later. */
export async function expectOrderStatus(page: Page, status: string): Promise<void> {
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}
