import Database from "better-sqlite3";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { uniqueCard } from "../support/cards";
import { expectNoAxeViolations } from "./support/axe";
import { addToCart } from "./support/cart";
import { checkoutFromCart, expectOrderStatus, payWithCard, shopper } from "./support/checkout";
import { queryE2eDatabase } from "./support/database";

// The checkout shield in a real browser: a card-testing run declines card after card (the way a
// bot does, on the hosted payment page), the store's breaker opens on those declines, and from
// then on the checkout page asks for ALTCHA's proof-of-work check. A shopper passes it with the
// keyboard only and pays; the widget runs under the store's nonce CSP (no violation reported)
// and its worker comes from the store's own origin. Each client has its own address (the e2e
// server trusts one proxy hop), so the bot's declines are not linked to the shopper.

const port = Number(process.env.E2E_PORT ?? 3100);
const BOT_IP = "198.51.100.77";
const DECLINED = "4000 0000 0000 0002";

/** A browser with its own client address, recording every CSP violation its pages report. */
async function client(browser: Browser, ip: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": ip } });
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, page: await context.newPage() };
}
const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
const declinedFromBot = () =>
  queryE2eDatabase<{ n: number }>(
    port,
    "SELECT COUNT(*) AS n FROM PaymentAttempt WHERE ip = ? AND outcome = 'DECLINED'",
    BOT_IP,
  )[0]!.n;

/**
 * Lets the breaker close the way it does in production (the declines leave the 15-minute window
 * and it has been open 5 minutes) without waiting: the bot's attempts and the opening are moved
 * an hour and ten minutes into the past; the next checkout page evaluates the breaker.
 */
function letTimePass(): void {
  const db = new Database(`.data/e2e-${port}.db`);
  try {
    db.prepare("UPDATE PaymentAttempt SET attemptedAt = attemptedAt - 3600000 WHERE ip = ?").run(BOT_IP);
    db.prepare("UPDATE CheckoutBreaker SET changedAt = changedAt - 600000 WHERE open = 1").run();
  } finally {
    db.close();
  }
}

test.describe.serial("checkout shield: breaker and proof-of-work check", () => {
  // Whatever happened above, the specs after this one shop with the breaker closed.
  test.afterAll(letTimePass);

  test("a card-testing run opens the breaker; a shopper passes the check with the keyboard only and pays", async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const bot = await client(browser, BOT_IP);
    await addToCart(bot.page, "usb-c-charger", 1);
    // The breaker is closed: no check yet.
    await bot.page.goto("/checkout");
    await expect(bot.page.getByTestId("bot-check")).toHaveCount(0);
    await checkoutFromCart(bot.page, { email: "card-tester@example.com" });
    for (let i = 1; i <= 7; i++) {
      await payWithCard(bot.page, DECLINED);
      await expect(bot.page.getByRole("alert")).toContainText("Your card was declined.");
      await expect.poll(declinedFromBot).toBe(i);
    }
    await bot.context.close();

    const shopperClient = await client(browser, "203.0.113.41");
    const page = shopperClient.page;
    const workers: string[] = [];
    page.on("worker", (w) => workers.push(w.url()));
    await addToCart(page, "usb-c-charger", 1);
    // The page evaluates the breaker (at most once a second): it opens on the bot's declines.
    await expect(async () => {
      await page.goto("/checkout");
      await expect(page.getByTestId("bot-check")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const check = page.getByTestId("bot-check").getByRole("checkbox");
    await expect(check).toHaveAccessibleName("I'm not a robot");
    await expectNoAxeViolations(page);

    // Keyboard only: type the details field by field; moving into the form starts the check.
    await page.getByLabel("Email").focus();
    // In form order: email, name, street, apartment, city, country (United States is already
    // chosen: Tab passes it), postal code, phone.
    const typed = [
      `keyboard-${Date.now()}@example.com`,
      shopper.name,
      shopper.line1,
      "",
      shopper.city,
      null,
      shopper.postalCode,
      "",
    ];
    for (const [i, text] of typed.entries()) {
      if (text === null) await expect(page.getByLabel("Country")).toBeFocused();
      else if (text) await page.keyboard.type(text);
      if (i < typed.length - 1) await page.keyboard.press("Tab");
    }
    await expect(page.getByLabel("Phone (optional)")).toBeFocused();
    // The shipping method is one stop (a radio group, arrow keys choose); standard is chosen.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("radio", { name: /Standard shipping/ })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(check).toBeFocused();
    // Space on the checkbox would start it; the form's focus has already started it.
    await expect(check).toBeChecked({ timeout: 20_000 });
    await expect(check).toHaveAccessibleName("Verified");
    await expectNoAxeViolations(page);
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Pay" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Payment details" })).toBeVisible();

    // The challenge came from the store, its worker from the store's own origin, and nothing broke the CSP.
    expect(workers.some((url) => new URL(url).pathname === "/api/checkout/challenge/worker")).toBe(true);

    // The hosted payment page, by keyboard as well.
    await page.getByLabel("Card number").fill(uniqueCard());
    await page.getByLabel("Expiry date (MM / YY)").fill("12 / 34");
    await page.getByLabel("Security code (CVC)").fill("123");
    await page.getByLabel("Name on card").fill(shopper.name);
    await page.getByLabel("Address").fill(shopper.line1);
    await page.getByLabel("City").fill(shopper.city);
    await page.getByLabel("Postal code").fill(shopper.postalCode);
    await page.getByLabel("Country").selectOption(shopper.country);
    await page.getByRole("button", { name: /^Pay / }).press("Enter");
    await expect(page).toHaveURL(/\/checkout\/return$/);
    await expectOrderStatus(page, "PAID");
    await shopperClient.context.close();
  });

  test("without JavaScript the page explains the check, and a start without it is refused with nothing created", async ({
    browser,
  }) => {
    const withJs = await client(browser, "203.0.113.43");
    await addToCart(withJs.page, "usb-c-charger", 1);
    // The check on a phone: axe clean at that width too.
    await withJs.page.setViewportSize({ width: 390, height: 844 });
    await withJs.page.goto("/checkout");
    await expect(withJs.page.getByTestId("bot-check").getByRole("checkbox")).toBeVisible();
    await expectNoAxeViolations(withJs.page);
    const storageState = await withJs.context.storageState();
    await withJs.context.close();

    const context = await browser.newContext({
      extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.43" },
      javaScriptEnabled: false,
      storageState,
    });
    const page = await context.newPage();
    await page.goto("/checkout");
    await expect(page.getByText("This check needs JavaScript.")).toBeVisible();
    const email = `no-js-${Date.now()}@example.com`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Full name").fill(shopper.name);
    await page.getByLabel("Street address").fill(shopper.line1);
    await page.getByLabel("City").fill(shopper.city);
    await page.getByLabel("Postal code").fill(shopper.postalCode);
    await page.getByRole("button", { name: "Pay" }).press("Enter");
    await expect(page.getByRole("alert")).toContainText("we ask every shopper for a quick automatic check");
    expect(
      queryE2eDatabase<{ n: number }>(port, 'SELECT COUNT(*) AS n FROM "Order" WHERE email = ?', email)[0]!.n,
    ).toBe(0);
    await context.close();
  });

  test("once the declines are old the breaker closes by itself, audited, and the check is no longer asked", async ({
    page,
  }) => {
    letTimePass();
    await addToCart(page, "usb-c-charger", 1);
    await expect(async () => {
      await page.goto("/checkout");
      await expect(page.getByTestId("bot-check")).toHaveCount(0, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const closes = queryE2eDatabase<{ n: number }>(
      port,
      "SELECT COUNT(*) AS n FROM AuditLog WHERE action = 'checkout.breaker.close'",
    )[0]!.n;
    expect(closes).toBeGreaterThanOrEqual(1);
  });
});
