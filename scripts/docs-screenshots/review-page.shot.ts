import { expect, test, type Page } from "@playwright/test";
import {
  acknowledgePolicy,
  fromAddress,
  GB_IP,
  orderByReference,
  placeHeldOrder,
  US_IP,
} from "@/tests/e2e/support/admin";
import { DEMO_PASSWORD, enableTwoFactor, register, signIn, useOwnIp } from "@/tests/e2e/support/auth";

// The review page of a held order for docs/admin.md, at desktop and phone widths: a shopper who
// signed up in the US pays from Great Britain after a declined card, so the fraud rules hold the
// order; the demo admin opens its review page. Run by `npm run docs:screenshots`
// (playwright.docs.config.ts), which writes docs/images/review-page*.png.

test("the review page of a held order", async ({ browser }) => {
  const shopper = await browser.newContext();
  const shopperPage = await shopper.newPage();
  await fromAddress(shopper, US_IP);
  await register(shopperPage, "gina@example.org", undefined, "Gina Tester");
  await signIn(shopperPage, "gina@example.org");
  await fromAddress(shopper, GB_IP);
  const reference = await placeHeldOrder(
    shopperPage,
    "gina@example.org",
    "dot-grid-notebook",
    2,
    "4000 0000 0000 0002",
  );
  await shopper.close();

  const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await useOwnIp(admin);
  const page = await admin.newPage();
  await signIn(page, "admin@example.com", DEMO_PASSWORD);
  await enableTwoFactor(page);
  await acknowledgePolicy(page);
  const url = `/admin/orders/${orderByReference(reference).id}`;
  await page.goto(url);
  await expect(page.getByTestId("signal-checklist")).toBeVisible();
  // The page down to the decision form: what a reviewer reads, and where they decide.
  await fitViewportTo(page, "decide-heading");
  await page.screenshot({ path: "docs/images/review-page.png" });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url);
  await expect(page.getByTestId("risk-band")).toBeVisible();
  await page.screenshot({ path: "docs/images/review-page-phone.png" });
  await admin.close();
});

/** Grows the viewport (1280 wide) down to the bottom of the section holding the element with `id`. */
async function fitViewportTo(page: Page, id: string): Promise<void> {
  const bottom = await page.locator(`#${id}`).evaluate((el) => {
    const box = (el.closest("section") ?? el).getBoundingClientRect();
    return Math.ceil(box.bottom + window.scrollY + 16);
  });
  await page.setViewportSize({ width: 1280, height: bottom });
}
