import Database from "better-sqlite3";
import { expect, test, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { uniqueCard } from "../support/cards";
import { enableTwoFactor, register, signIn, uniqueEmail, useOwnIp as giveOwnIp } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";
import { acknowledgePolicy, fromAddress, orderByReference, query, US_IP } from "./support/admin";
import { addToCart } from "./support/cart";
import { checkoutFromCart, expectOrderStatus, payWithCard } from "./support/checkout";
import { extractLink, waitForMail } from "./support/mailbox";

// Refunds and disputes end to end: an admin refunds a paid order partly, then fully, from the
// order page and the customer is emailed; a payment with the dispute test card shows its banner
// and is listed on /admin/disputes; the money dashboard adds it all up. Steps share state.

const port = Number(process.env.E2E_PORT ?? 3100);

/**
 * The demo admin belongs to admin.spec.ts (it enrolls 2FA there), so this file makes its own:
 * a registered account promoted in the e2e server's database, the one write this test does
 * outside the browser (inviting needs an admin to begin with).
 */
function promoteToAdmin(email: string): void {
  const db = new Database(`.data/e2e-${port}.db`);
  try {
    db.prepare(`UPDATE User SET role = 'ADMIN' WHERE email = ?`).run(email);
  } finally {
    db.close();
  }
}

async function buyAsGuest(page: Page, email: string, card: string, quantity = 1): Promise<string> {
  await addToCart(page, "usb-c-charger", quantity);
  await checkoutFromCart(page, { email });
  await payWithCard(page, card);
  await expect(page).toHaveURL(/\/checkout\/return$/);
  await expectOrderStatus(page, "PAID");
  const heading = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  const reference = /[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(heading)?.[0];
  if (!reference) throw new Error(`no order reference in "${heading}"`);
  return reference;
}

/** Presses Refund, then confirms in the page (the confirmation takes focus). */
async function refund(form: Locator): Promise<void> {
  await form.getByRole("button", { name: "Refund", exact: true }).click();
  const confirm = form.getByTestId("refund-confirm");
  await expect(confirm.getByRole("heading")).toBeFocused();
  await confirm.getByRole("button", { name: "Yes, refund" }).click();
}

/** Reloads the order page until the webhook has moved the order to `status`. */
async function expectAdminStatus(page: Page, status: string): Promise<void> {
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("status-badge")).toHaveAttribute("data-status", status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

test.describe.serial("refunds and disputes in the dashboard", () => {
  let admin: { context: BrowserContext; page: Page };
  let shopper: { context: BrowserContext; page: Page };
  const adminEmail = uniqueEmail("money-admin");
  const buyerEmail = uniqueEmail("refunded-buyer");

  test.beforeAll(async ({ browser }) => {
    const open = async () => {
      const context = await browser.newContext();
      await giveOwnIp(context);
      return { context, page: await context.newPage() };
    };
    [admin, shopper] = [await open(), await open()];
    // The shopper shops from the US, like the card and address: an address from the random pool
    // may geolocate elsewhere, and the ip-country-mismatch rule would then hold the order.
    await fromAddress(shopper.context, US_IP);
    await register(admin.page, adminEmail, undefined, "Money Admin");
    promoteToAdmin(adminEmail);
    await signIn(admin.page, adminEmail);
    await enableTwoFactor(admin.page);
    await acknowledgePolicy(admin.page);
  });
  test.afterAll(async () => {
    for (const who of [admin, shopper]) await who?.context.close();
  });

  test("an admin refunds one line (restocked), then the rest by amount: partially refunded, then refunded, and the customer is emailed", async () => {
    // Two refunds, each confirmed in the page and by Stripe's webhooks, then the email and the customer's page.
    test.slow();
    const reference = await buyAsGuest(shopper.page, buyerEmail, uniqueCard(), 2);
    const order = orderByReference(reference);
    const [item] = query<{ unitPriceCents: number; taxCents: number; quantity: number }>(
      `SELECT unitPriceCents, taxCents, quantity FROM OrderItem WHERE orderId = ?`,
      order.id,
    );
    const [{ totalCents }] = query<{ totalCents: number }>(`SELECT totalCents FROM "Order" WHERE id = ?`, order.id) as [
      { totalCents: number },
    ];
    const stockBefore = query<{ stock: number }>(`SELECT stock FROM Product WHERE slug = 'usb-c-charger'`)[0]!.stock;
    const { page } = admin;

    await page.goto(`/admin/orders/${order.id}`);
    const form = page.getByRole("form", { name: "Refund this order" });
    await expect(form.getByTestId("refundable")).toContainText((totalCents / 100).toFixed(2));
    await expectNoAxeViolations(page);

    // Nothing chosen: refused with a message, nothing sent.
    await form.getByLabel("Reason (for the audit log)").fill("Empty try");
    await refund(form);
    await expect(form.getByText("Enter the amount like 12.50.")).toHaveCount(1);
    await expect(form.getByLabel("Reason (for the audit log)")).toHaveValue("Empty try");

    await form.getByLabel("Order lines").check();
    await form.getByLabel(/USB-C/).fill("1");
    await form.getByLabel("Put the refunded items back in stock").check();
    await form.getByLabel("Reason (for the audit log)").fill("One charger arrived broken");
    await refund(form);
    await expect(page.getByTestId("refund-status")).toContainText("sent to Stripe");
    await expectAdminStatus(page, "PARTIALLY_REFUNDED");
    await expect(page.getByTestId("refund")).toHaveAttribute("data-status", "SUCCEEDED");
    expect(query<{ stock: number }>(`SELECT stock FROM Product WHERE slug = 'usb-c-charger'`)[0]!.stock).toBe(
      stockBefore + 1,
    );

    // The refunded line carries its share of the US sales tax added at checkout.
    const rest = totalCents - item!.unitPriceCents - Math.round(item!.taxCents / item!.quantity);
    await expect(form.getByTestId("refundable")).toContainText((rest / 100).toFixed(2));
    await form.getByLabel("Amount", { exact: true }).check();
    await form.getByLabel("Amount (USD)").fill((rest / 100).toFixed(2));
    await form.getByLabel("Reason (for the audit log)").fill("Customer returned the rest");
    await refund(form);
    await expect(page.getByTestId("refund-status")).toContainText("sent to Stripe");
    await expectAdminStatus(page, "REFUNDED");
    await expect(page.getByTestId("refund")).toHaveCount(2);
    await expect(page.getByText("Nothing is left to refund on this order.")).toBeVisible();
    expect(
      query<{ amountRefunded: number }>(`SELECT amountRefunded FROM Payment WHERE orderId = ?`, order.id)[0]!
        .amountRefunded,
    ).toBe(totalCents);
    await expectNoAxeViolations(page);

    const mail = await waitForMail(buyerEmail, new RegExp(`^Refund for order ${reference}$`), 2);
    expect(mail).toContain("A refund is on its way to your card");
    expect(mail).toContain("Refunded so far");
    // The customer's order page (the guest link in the email) says what was refunded.
    await shopper.page.goto(extractLink(mail, "/orders/track"));
    await expect(shopper.page.getByTestId("order-refunded")).toContainText("everything has been refunded");
  });

  test("a disputed payment shows its banner on the order and is listed on /admin/disputes; the money page adds it up", async () => {
    const reference = await buyAsGuest(shopper.page, uniqueEmail("disputer"), "4000000000000259");
    const order = orderByReference(reference);
    const { page } = admin;
    await page.goto(`/admin/orders/${order.id}`);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("dispute-banner")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId("dispute-banner")).toContainText("reason: fraudulent");
    await expect(page.getByTestId("dispute-banner")).toContainText("evidence due by");
    await expectNoAxeViolations(page);

    await page.goto("/admin/disputes");
    const row = page.getByTestId("dispute").filter({ hasText: reference });
    await expect(row).toHaveAttribute("data-open", "yes");
    await expectNoAxeViolations(page);
    await row.getByRole("link", { name: `Order ${reference}` }).click();
    await expect(page.getByRole("heading", { name: `Order ${reference}` })).toBeVisible();

    await page.goto("/admin/money");
    await expect(page.getByTestId("money-disputed")).not.toHaveText("$0.00");
    await expect(page.getByTestId("money-refunded")).not.toHaveText("$0.00");
    await expectNoAxeViolations(page);
    await page.goto("/admin/money?from=2026-13-01&to=2026-01-01");
    await expect(page.getByRole("alert").filter({ hasText: "That period is not valid" })).toContainText(
      /showing \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/,
    );
    await expect(page.getByText("Enter a real date.")).toBeVisible();
  });
});
