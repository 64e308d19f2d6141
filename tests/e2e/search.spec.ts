import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";

// The search page's filters and sorting: a plain GET form, so these work with the keyboard and
// without JavaScript, and the page shows back what was chosen.
const resultNames = (page: Page) =>
  page.getByRole("list", { name: "Search results" }).getByRole("heading").allTextContents();
const prices = async (page: Page) =>
  (
    await page
      .getByRole("list", { name: "Search results" })
      .getByText(/^\$[\d,]+\.\d\d$/)
      .allTextContents()
  ).map((t) => Number(t.replace(/[$,]/g, "")));

test.describe("search filters and sorting", () => {
  test("stemming and typo correction, accessibly", async ({ page }) => {
    await page.goto("/");
    const box = page.getByRole("searchbox", { name: "Search products" });
    await box.fill("knives");
    await box.press("Enter");
    await expect(
      page.getByRole("list", { name: "Search results" }).getByRole("link", { name: "Chef's Knife" }),
    ).toBeVisible();
    // The header's box keeps the query, to refine it.
    await expect(box).toHaveValue("knives");
    await expectNoAxeViolations(page);

    // Nothing found: the categories are offered instead.
    await page.goto("/search?q=xyzzyplugh");
    await expect(page.getByText("0 products found.")).toBeVisible();
    await expect(
      page.getByRole("region", { name: "Browse a category instead" }).getByRole("link", { name: "Home & Kitchen" }),
    ).toBeVisible();

    await page.goto("/search?q=headphnes");
    await expect(page.getByRole("status")).toContainText(
      "Nothing matched “headphnes”. Showing results for “headphones”",
    );
    await expect(
      page.getByRole("list", { name: "Search results" }).getByRole("link", { name: "Wireless Headphones" }),
    ).toBeVisible();
  });

  test("filters and sorting by keyboard, kept in the form and the address", async ({ page }) => {
    await page.goto("/search?q=steel");
    const all = await resultNames(page);
    expect(all.length).toBeGreaterThan(1);

    await page.getByLabel("Category", { exact: true }).selectOption({ label: "Home & Kitchen" });
    await page.getByLabel("To", { exact: true }).fill("100");
    await page.getByLabel("Sort by", { exact: true }).selectOption({ label: "Price: low to high" });
    await page.getByLabel("In stock only", { exact: true }).check();
    await page.getByLabel("Words", { exact: true }).focus();
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/category=home-kitchen/);
    await expect(page).toHaveURL(/sort=price-asc/);
    await expect(page.getByLabel("Words", { exact: true })).toHaveValue("steel");
    await expect(page.getByLabel("Category", { exact: true })).toHaveValue("home-kitchen");
    await expect(page.getByLabel("To", { exact: true })).toHaveValue("100");
    await expect(page.getByLabel("In stock only", { exact: true })).toBeChecked();
    await expect(page.getByLabel("Sort by", { exact: true })).toHaveValue("price-asc");
    const filtered = await resultNames(page);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).not.toContain("Chef's Knife"); // $115.00, above the bound
    const ascending = await prices(page);
    expect(ascending.every((p) => p <= 100)).toBe(true);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await expectNoAxeViolations(page);

    await page.getByLabel("Sort by", { exact: true }).selectOption("price-desc");
    await page
      .getByRole("search", { name: "Search and filter products" })
      .getByRole("button", { name: "Search" })
      .press("Enter");
    await expect(page).toHaveURL(/sort=price-desc/);
    const descending = await prices(page);
    expect(descending).toEqual([...ascending].reverse());
  });

  test("a price that is not an amount is kept, explained and not applied", async ({ page }) => {
    await page.goto("/search?q=steel&min=abc");
    const field = page.getByLabel("From", { exact: true });
    await expect(field).toHaveValue("abc");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription("Enter an amount like 25 or 25.50.");
    expect((await resultNames(page)).length).toBeGreaterThan(1);
    await expectNoAxeViolations(page);
  });

  test("pagination keeps the filters", async ({ page }) => {
    await page.goto("/search?stock=1&sort=price-desc");
    const first = await prices(page);
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/stock=1/);
    await expect(page).toHaveURL(/sort=price-desc/);
    await expect(page.getByLabel("Sort by", { exact: true })).toHaveValue("price-desc");
    const second = await prices(page);
    expect(Math.max(...second)).toBeLessThanOrEqual(Math.min(...first));
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the form still filters and sorts", async ({ page }) => {
    await page.goto("/search?q=lamp");
    await page.getByLabel("Sort by", { exact: true }).selectOption("price-desc");
    await page
      .getByRole("search", { name: "Search and filter products" })
      .getByRole("button", { name: "Search" })
      .click();
    await expect(page).toHaveURL(/q=lamp.*sort=price-desc/);
    await expect(
      page.getByRole("list", { name: "Search results" }).getByRole("link", { name: "Smart Desk Lamp" }),
    ).toBeVisible();
  });
});
