import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// WCAG 2.1 A/AA plus best practices; any violation fails the test with its rule ids.
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // After a client-side navigation Next sets the new page's <title> once its metadata arrives,
  // a moment after the content: wait for a title (every page has one) rather than race it.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary).toEqual([]);
}
