import { uniqueCard } from "../support/cards";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { addToCart, cartCount } from "./support/cart";
import { checkoutFromCart, expectOrderStatus, payWithCard, shopper } from "./support/checkout";
import { extractLink, waitForMail } from "./support/mailbox";

test.describe("checkout through the hosted payment page", () => {
  test("a success card pays: order PAID, stock taken, cart emptied, confirmation email with a guest link", async ({
    page,
    browser,
  }) => {
    await page.goto("/product/glass-storage-jars");
    await expect(page.getByText("Only 4 left")).toBeVisible();
    await addToCart(page, "glass-storage-jars", 1);
    await page.goto("/checkout");
    await expectNoAxeViolations(page);
    // Express to the US: 34.00 + 15.00 shipping + 7.25 % sales tax on the goods (2.47).
    await page.getByRole("radio", { name: /Express shipping/ }).check();
    await expect(page.getByTestId("amount-shipping")).toHaveText(/Express shipping\s*\$15\.00/);
    await expect(page.getByTestId("amount-tax")).toHaveText(/Sales tax 7\.25%\s*\$2\.47/);
    await expect(page.getByTestId("checkout-total")).toContainText("$51.47");
    await checkoutFromCart(page, { email: "buyer1@example.com", express: true });
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/c\/pay\//);
    // The emulator's session has the shipping option and the tax rate, and charges the same total.
    await expect(page.getByRole("row", { name: /Express shipping/ })).toContainText("$15.00");
    await expect(page.getByRole("row", { name: /Sales tax/ })).toContainText("$2.47");
    await expect(page.getByRole("row", { name: /Total/ })).toContainText("$51.47");
    // The return page, opened in this browser before paying, follows the payment by itself.
    const watcher = await page.context().newPage();
    await watcher.goto("/checkout/return");
    await expect(watcher.getByRole("status").filter({ hasText: "confirming your payment" })).toBeVisible();
    await expect(watcher.getByTestId("order-status")).toHaveAttribute("data-status", "PENDING_PAYMENT");
    const card = uniqueCard();
    await payWithCard(page, card);

    await expect(page).toHaveURL(/\/checkout\/return$/);
    await expectOrderStatus(page, "PAID");
    // Meanwhile the page opened before paying turned to "paid" without a reload.
    await expect(watcher.getByRole("status").filter({ hasText: "Payment received" })).toBeVisible({ timeout: 15_000 });
    await expect(watcher.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
    await watcher.close();
    await expect(page.getByText(`Paid with visa ending in ${card.slice(-4)}`)).toBeVisible();
    await expectNoAxeViolations(page);
    await expect(cartCount(page)).toHaveText("0");
    await page.goto("/product/glass-storage-jars");
    await expect(page.getByText("Only 3 left")).toBeVisible();

    const mail = await waitForMail("buyer1@example.com", /^Order [A-Z0-9]{4}-[A-Z0-9]{4} confirmed$/);
    expect(mail).toContain("We will never ask for your password or card details");
    // The HTML part has the itemized table with the shipping method, the tax and the total.
    expect(mail).toMatch(/<table[^>]*data-testid="order-items"/);
    expect(mail).toMatch(/>Glass Storage Jars<\/td><td[^>]*>1<\/td><td[^>]*>\$34\.00<\/td>/);
    expect(mail).toMatch(/>Express shipping<\/th><td[^>]*>\$15\.00</);
    expect(mail).toMatch(/>Total<\/th><td[^>]*>\$51\.47</);
    const link = extractLink(mail, "/orders/track/");
    const stranger = await browser.newContext();
    const guest = await stranger.newPage();
    await guest.goto(link);
    await expect(guest.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
    await expect(guest.getByText("Glass Storage Jars")).toBeVisible();
    await expect(guest.getByTestId("amount-shipping")).toHaveText(/Express shipping\s*\$15\.00/);
    await expect(guest.getByTestId("order-total")).toContainText("$51.47");
    // Any change to the link is a plain 404.
    const forged = link.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await guest.goto(forged))?.status()).toBe(404);
    await stranger.close();
  });

  test("a declined card keeps the order payable; cancelling returns the stock and keeps the cart", async ({ page }) => {
    await addToCart(page, "smart-desk-lamp", 2);
    await page.goto("/product/smart-desk-lamp");
    await expect(page.getByText("Only 2 left")).toBeVisible();
    await checkoutFromCart(page, { email: "buyer2@example.com" });
    // Both units are reserved while the payment page is open.
    const meanwhile = await page.context().newPage();
    await meanwhile.goto("/product/smart-desk-lamp");
    await expect(meanwhile.getByText("Sold out", { exact: true })).toBeVisible();
    await meanwhile.close();
    await payWithCard(page, "4000 0000 0000 0002");
    await expect(page.getByRole("alert")).toContainText("Your card was declined.");
    await expect(page.getByLabel("Card number")).toHaveValue("");
    await payWithCard(page, "4000 0000 0000 9995");
    await expect(page.getByRole("alert")).toContainText(/insufficient funds/i);

    await page.getByRole("link", { name: "Cancel and return to the store" }).click();
    await expect(page).toHaveURL(/\/checkout\/cancelled$/);
    await expect(page.getByText("You have not been charged")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Return to your cart" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByTestId("cart-line")).toHaveCount(1);
    await expect(cartCount(page)).toHaveText("2");
    await page.goto("/product/smart-desk-lamp");
    await expect(page.getByText("Only 2 left")).toBeVisible();
  });

  test("shows clear messages for bad shipping details and creates nothing", async ({ page }) => {
    await addToCart(page, "linen-tea-towels", 1);
    await page.goto("/checkout");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Postal code").fill("<script>");
    await page.getByRole("button", { name: "Pay" }).click();
    // The error summary lists every error, not only the first.
    const summary = page.getByRole("main").getByRole("alert");
    await expect(summary.getByRole("link")).toHaveText([
      "Enter a valid email address, like name@example.com.",
      "Enter your full name.",
      "Enter your street address.",
      "Enter your city.",
      /valid postal code/,
    ]);
    await expect(page.getByLabel("Email")).toHaveAccessibleDescription(
      "Enter a valid email address, like name@example.com.",
    );
    await expect(page.getByLabel("Full name")).toHaveAccessibleDescription("Enter your full name.");
    await expect(page.getByLabel("Postal code")).toHaveAccessibleDescription(/valid postal code/);
    await expect(page).toHaveURL(/\/checkout$/);
    await expectNoAxeViolations(page);
  });

  test("on a phone the order summary and its total come before the form and its Pay button", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await addToCart(page, "linen-tea-towels", 2);
    await page.goto("/checkout");
    const total = page.getByTestId("checkout-total");
    await expect(total).toBeInViewport();
    const [totalBox, payBox] = await Promise.all([
      total.boundingBox(),
      page.getByRole("button", { name: "Pay" }).boundingBox(),
    ]);
    expect(totalBox!.y + totalBox!.height).toBeLessThan(payBox!.y);
    // The lines are folded away until asked for, with the keyboard as well.
    const lines = page.getByTestId("summary-disclosure");
    await expect(lines.getByText("2 × Linen Tea Towels")).toBeHidden();
    await lines.getByText("2 items").focus();
    await page.keyboard.press("Enter");
    await expect(lines.getByText("2 × Linen Tea Towels")).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("a bad postcode keeps every field typed, focuses the error summary and links to the field", async ({ page }) => {
    await addToCart(page, "linen-tea-towels", 1);
    await page.goto("/checkout");
    const typed = {
      Email: "erika@example.de",
      "Full name": "Erika Mustermann",
      "Street address": "Unter den Linden 1",
      "Apartment, suite (optional)": "3. OG",
      City: "Berlin",
      "Postal code": "1",
      "Phone (optional)": "030 1234567",
    };
    for (const [label, value] of Object.entries(typed)) await page.getByLabel(label).fill(value);
    await page.getByLabel("Country").selectOption("DE");
    await page.getByRole("button", { name: "Pay" }).click();

    const summary = page.getByRole("main").getByRole("alert");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveText(["A German postcode (PLZ) is 5 digits, like 10115."]);
    for (const [label, value] of Object.entries(typed)) await expect(page.getByLabel(label)).toHaveValue(value);
    await expect(page.getByLabel("Country")).toHaveValue("DE");
    await expect(page.getByLabel("Postal code")).toHaveAccessibleDescription(
      "A German postcode (PLZ) is 5 digits, like 10115.",
    );
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page);

    await summary.getByRole("link").click();
    await expect(page.getByLabel("Postal code")).toBeFocused();
    await expect(page).toHaveURL(/\/checkout$/);
  });

  test("the return page ignores query parameters and shows nothing without this browser's order", async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/checkout/return?session_id=cs_test_anything&order=1");
    await expect(page.getByRole("heading", { name: "We could not find your order in this browser" })).toBeVisible();
    await context.close();
    expect(shopper.email).toContain("@");
  });
});
