import { expect, type Page } from "@playwright/test";
import { uniqueCard } from "../../support/cards";
import { addToCart } from "../../e2e/support/cart";
import { checkoutFromCart, expectOrderStatus, payWithCard, shopper } from "../../e2e/support/checkout";

/** Buys `slug` and waits for `status` on the return page; returns the order reference. */
export async function buy(
  page: Page,
  email: string,
  slug = "dot-grid-notebook",
  details: Partial<typeof shopper> = {},
  status = "PAID",
): Promise<string> {
  await addToCart(page, slug, 1);
  await checkoutFromCart(page, { email, ...details });
  // Billed where it ships, as the shopper would be: the fraud rules hold a mismatch.
  await payWithCard(page, uniqueCard(), details.name ?? "Ada Lovelace", { ...shopper, ...details });
  await expect(page).toHaveURL(/\/checkout\/return$/);
  await expectOrderStatus(page, status);
  const heading = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  const reference = /[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(heading)?.[0];
  if (!reference) throw new Error(`no order reference in "${heading}"`);
  return reference;
}
