import { expect, type Page } from "@playwright/test";

export const cartCount = (page: Page) => page.getByTestId("cart-count");

export async function addToCart(page: Page, slug: string, quantity: number | string = 1): Promise<void> {
  await page.goto(`/product/${slug}`);
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: /Added to your cart|left|Quantity|sold out|at most|at least/i }),
  ).toBeVisible();
}
