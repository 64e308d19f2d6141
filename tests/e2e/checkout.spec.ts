import { uniqueCard } from "../support/cards";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { addToCart, cartCount } from "./support/cart";
import { checkoutFromCart, expectOrderStatus, payWithCard, shopper } from "./support/checkout";
import { extractLink, waitForMail } from "./support/mailbox";

test.describe("checkout through the hosted payment page", () => {
  test("a success card pays: order PAID, stock taken, cart emptied, confirmation email with a guest link", async ({ page, browser }) => {
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
    const card = uniqueCard();
    await payWithCard(page, card);

    await expect(page).toHaveURL(/\/checkout\/return$/);
    await expectOrderStatus(page, "PAID");
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
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Enter a valid email address, like name@example.com.");
    await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address, like name@example.com.");
    await expect(page.getByLabel("Full name")).toHaveAccessibleDescription("Enter your full name.");
    await expect(page.getByLabel("Postal code")).toHaveAccessibleDescription(/valid postal code/);
    await expect(page).toHaveURL(/\/checkout$/);
    await expectNoAxeViolations(page);
  });

  test("the return page ignores query parameters and shows nothing without this browser's order", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/checkout/return?session_id=cs_test_anything&order=1");
    await expect(page.getByRole("heading", { name: "We could not find your order in this browser" })).toBeVisible();
    await context.close();
    expect(shopper.email).toContain("@");
  });
});
