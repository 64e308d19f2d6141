import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";

test.describe("browsing the catalog", () => {
  test("home page lists featured products and categories, accessibly", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const featured = page.getByRole("list", { name: "Featured products" }).getByRole("listitem");
    await expect(featured).toHaveCount(8);
    await expect(page.getByRole("navigation", { name: "Categories" }).getByRole("link")).toHaveCount(5);
    await expectNoAxeViolations(page);
  });

  test("a category page lists its products and links to them", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Outdoors" }).click();
    await expect(page).toHaveURL(/\/category\/outdoors$/);
    await expect(page.getByRole("heading", { level: 1, name: "Outdoors" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Outdoors products" }).getByRole("listitem")).toHaveCount(5);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Trail Backpack 28L" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Trail Backpack 28L" })).toBeVisible();
  });

  test("product pages show image, price and stock state", async ({ page }) => {
    await page.goto("/product/waxed-canvas-jacket");
    await expect(page.getByRole("img", { name: /Waxed Canvas Jacket/ })).toBeVisible();
    await expect(page.getByText("$189.00")).toBeVisible();
    await expect(page.getByText("Only 3 left")).toBeVisible();
    await expectNoAxeViolations(page);

    await page.goto("/product/wool-beanie");
    await expect(page.getByText("Sold out", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add to cart" })).toHaveCount(0);
  });

  test("search is server-side and paginated", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("searchbox", { name: "Search products" }).fill("coffee");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=coffee/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “coffee”");
    await expect(
      page.getByRole("list", { name: "Search results" }).getByRole("link", { name: "Pour-Over Coffee Set" }),
    ).toBeVisible();
    await expectNoAxeViolations(page);

    // Filters alone list products too: every product in stock, more than one page of them.
    await page.goto("/search?stock=1");
    await expect(page.getByText(/^Page 1 of [2-9]$/)).toBeVisible();
    const firstPage = await page.getByRole("list", { name: "Search results" }).getByRole("heading").allTextContents();
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page.getByText(/^Page 2 of [2-9]$/)).toBeVisible();
    const secondPage = await page.getByRole("list", { name: "Search results" }).getByRole("heading").allTextContents();
    expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);

    await page.goto("/search?q=%25%27%20OR%201%3D1--");
    await expect(page.getByRole("status")).toContainText(/products? found/);
  });

  test("unknown products and categories get a friendly 404", async ({ page }) => {
    for (const path of ["/product/no-such-thing", "/category/no-such-category", "/product/..%2F..%2Fetc", "/nowhere"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Back to the store" })).toBeVisible();
    }
    await expectNoAxeViolations(page);
  });

  test("the keyboard reaches search, categories and the cart, with a skip link", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("searchbox", { name: "Search products" })).toBeFocused();
  });
});
