import Database from "better-sqlite3";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { enableTwoFactor, register, signIn, uniqueEmail, useOwnIp as giveOwnIp } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";
import { acknowledgePolicy, fromAddress, GB_IP, orderByReference, placeHeldOrder, query, US_IP } from "./support/admin";

// The admin area's own frame and the review queue: no shop header, cart or search; a navigation
// that marks the current section and folds into a menu on a phone (390 px, no sideways scroll,
// axe clean); two reviewers and one held order: one takes it, the other sees who has it and is
// refused; the order list downloads as CSV for staff and is a 404 for a customer.

const port = Number(process.env.E2E_PORT ?? 3100);
const PHONE = { width: 390, height: 844 };

/** Staff are made in the e2e server's database (inviting needs an admin, who belongs to admin.spec.ts). */
function promote(email: string, role: "REVIEWER" | "ADMIN"): void {
  const db = new Database(`.data/e2e-${port}.db`);
  try {
    db.prepare(`UPDATE User SET role = ? WHERE email = ?`).run(role, email);
  } finally {
    db.close();
  }
}

/** The page fits the window: nothing makes it scroll sideways (the message names what sticks out). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
    const root = document.scrollingElement!;
    const wide = [...document.body.querySelectorAll("*")]
      .filter(
        (el) =>
          el.getBoundingClientRect().right > root.clientWidth + 1 && !el.parentElement?.closest(".overflow-x-auto"),
      )
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} (${Math.round(el.getBoundingClientRect().right)}px)`,
      );
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  expect(
    scrollWidth,
    `${page.url()} is ${scrollWidth}px wide in a ${clientWidth}px window: ${wide.join(", ")}`,
  ).toBeLessThanOrEqual(clientWidth);
}

test.describe.serial("the admin shell and the review queue", () => {
  type Who = { context: BrowserContext; page: Page };
  let rita: Who;
  let rob: Who;
  let shopper: Who;
  const ritaEmail = uniqueEmail("rita");
  const robEmail = uniqueEmail("rob");
  const shopperEmail = uniqueEmail("queue-shopper");
  let reference = "";

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    const open = async () => {
      const context = await browser.newContext();
      return { context, page: await context.newPage() };
    };
    [rita, rob, shopper] = [await open(), await open(), await open()];
    for (const [who, email, name] of [
      [rita, ritaEmail, "Rita Reviewer"],
      [rob, robEmail, "Rob Reviewer"],
    ] as const) {
      await giveOwnIp(who.context);
      await register(who.page, email, undefined, name);
      promote(email, "REVIEWER");
      await signIn(who.page, email);
      await enableTwoFactor(who.page);
      await acknowledgePolicy(who.page);
    }
    await fromAddress(shopper.context, US_IP);
    await register(shopper.page, shopperEmail, undefined, "Gina Tester");
    await signIn(shopper.page, shopperEmail);
    await fromAddress(shopper.context, GB_IP);
    reference = await placeHeldOrder(shopper.page, shopperEmail, "dot-grid-notebook");
  });
  test.afterAll(async () => {
    for (const who of [rita, rob, shopper]) await who?.context.close();
  });

  test("admin pages have their own frame, no shop header, cart or search; the navigation marks where you are", async () => {
    const { page } = rita;
    await page.goto("/admin");
    await expect(page.getByTestId("admin-heading")).toBeVisible();
    await expect(page.getByTestId("cart-link")).toHaveCount(0);
    await expect(page.getByLabel("Search products")).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Categories" })).toHaveCount(0);
    await expect(page.getByRole("banner")).toContainText("Signed in as Rita Reviewer (reviewer)");
    const nav = page.getByRole("navigation", { name: "Admin" });
    await expect(nav.getByRole("link", { name: "Review queue" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("button", { name: /Menu/ })).toBeHidden();
    await expect(page.getByRole("main")).toHaveCount(1);
    await expectNoAxeViolations(page);

    await nav.getByRole("link", { name: "Orders" }).click();
    await expect(page).toHaveURL(/\/admin\/orders$/);
    await expect(nav.getByRole("link", { name: "Orders" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Review queue" })).not.toHaveAttribute("aria-current", /.*/);
    await expectNoAxeViolations(page);

    // An order's page is still the Orders section; the skip link leads to the page's main.
    await page.goto(`/admin/orders/${orderByReference(reference).id}`);
    await expect(nav.getByRole("link", { name: "Orders" })).toHaveAttribute("aria-current", "page");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

    // The shop keeps its own header.
    await page.goto("/cart");
    await expect(page.getByTestId("cart-link")).toBeVisible();
    await expect(page.getByTestId("admin-heading")).toHaveCount(0);
  });

  test("on a 390 px phone: no sideways scroll, a Menu button that discloses the navigation by keyboard, axe clean", async () => {
    // Seven pages each scanned by axe (the order's review page is long): beyond the default 60 s.
    test.slow();
    const { page } = rita;
    await page.setViewportSize(PHONE);
    try {
      await page.goto("/admin");
      const nav = page.getByRole("navigation", { name: "Admin" });
      const menu = nav.getByRole("button", { name: /Menu/ });
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(nav.getByRole("link", { name: "Orders" })).toBeHidden();
      await menu.focus();
      await page.keyboard.press("Enter");
      await expect(menu).toHaveAttribute("aria-expanded", "true");
      await expect(nav.getByRole("link", { name: "Orders" })).toBeVisible();
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page);
      await page.keyboard.press("Tab");
      await expect(nav.getByRole("link", { name: "Review queue" })).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(menu).toBeFocused();

      for (const path of [
        "/admin",
        "/admin/orders",
        `/admin/orders/${orderByReference(reference).id}`,
        "/admin/alerts",
        "/admin/blocklist",
        "/admin/policy",
        "/admin/rules",
      ]) {
        await page.goto(path);
        await expect(
          page.getByRole("navigation", { name: "Admin" }).getByRole("button", { name: /Menu/ }),
        ).toBeVisible();
        await expectNoSidewaysScroll(page);
        await expectNoAxeViolations(page);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  test("a reviewer takes an order from the queue; the other sees who has it, and a stale Take is refused by name", async () => {
    // Rob opens the queue while the order is still free.
    await rob.page.goto("/admin");
    const robRow = rob.page.getByTestId("queue-row").filter({ hasText: reference });
    await expect(robRow.getByRole("button", { name: `Take order ${reference}` })).toBeVisible();

    const { page } = rita;
    await page.goto("/admin");
    const row = page.getByTestId("queue-row").filter({ hasText: reference });
    await expect(row).toContainText("IP country differs from the customer's country");
    await row.getByRole("button", { name: `Take order ${reference}` }).click();
    await expect(row.getByRole("status")).toContainText(`Order ${reference} is assigned to you until`);
    await expect(row.getByTestId("claim-state")).toHaveAttribute("data-claim", "mine");
    await expect(row.getByRole("button", { name: `Release order ${reference}` })).toBeFocused();
    const ritaId = query<{ id: string }>(`SELECT id FROM User WHERE email = ?`, ritaEmail)[0]!.id;
    expect(query(`SELECT reviewerId FROM "Order" WHERE reference = ?`, reference)).toEqual([{ reviewerId: ritaId }]);
    expect(
      query(
        `SELECT actorEmail FROM AuditLog WHERE action = 'order.take' AND target = ?`,
        `order:${orderByReference(reference).id}`,
      ),
    ).toEqual([{ actorEmail: ritaEmail }]);

    // Rob's page still offers Take: pressing it is refused, naming Rita, and changes nothing.
    await robRow.getByRole("button", { name: `Take order ${reference}` }).click();
    await expect(robRow.getByRole("status")).toContainText(
      `Order ${reference} is being reviewed by Rita Reviewer until`,
    );
    expect(query(`SELECT reviewerId FROM "Order" WHERE reference = ?`, reference)).toEqual([{ reviewerId: ritaId }]);
    await rob.page.reload();
    await expect(robRow.getByTestId("claim-state")).toContainText("Being reviewed by Rita Reviewer");
    await expect(robRow.getByRole("button")).toHaveCount(0);
    await expectNoAxeViolations(rob.page);

    // "Assigned to me" lists it for Rita only; sorting keeps the filter.
    await page.getByLabel("Reviewer").selectOption({ label: "Assigned to me" });
    await page.getByLabel("Sort by").selectOption({ label: "Amount (largest first)" });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/assigned=me/);
    await expect(page).toHaveURL(/sort=amount/);
    await expect(page.getByTestId("queue-row")).toHaveCount(1);
    await expect(page.getByLabel("Sort by")).toHaveValue("amount");
    await rob.page.goto("/admin?assigned=me");
    await expect(rob.page.getByTestId("queue-empty")).toBeVisible();

    // Rita lets it go; Rob can take it.
    await page.goto("/admin");
    await row.getByRole("button", { name: `Release order ${reference}` }).click();
    await expect(row.getByRole("status")).toContainText(`Released order ${reference}`);
    await rob.page.goto("/admin");
    await robRow.getByRole("button", { name: `Take order ${reference}` }).click();
    await expect(robRow.getByTestId("claim-state")).toHaveAttribute("data-claim", "mine");

    // The claim binds decisions: Rita, deciding from the order's page, is refused by name.
    await page.goto(`/admin/orders/${orderByReference(reference).id}`);
    const form = page.getByTestId("decision-form");
    await form.getByLabel("Reason").selectOption({ label: "Known customer" });
    await form.getByLabel("Note (why you decided this, for the audit log)").fill("Looks fine to me.");
    await form.getByRole("button", { name: "Approve and capture" }).click();
    await expect(form.getByTestId("decision-status")).toContainText(
      `Order ${reference} is being reviewed by Rob Reviewer until`,
    );
    await expect(form.getByLabel("Note (why you decided this, for the audit log)")).toHaveValue("Looks fine to me.");
    expect(orderByReference(reference).status).toBe("HELD");
  });

  test("the order list downloads as CSV for staff, filtered like the list; a customer gets a 404", async () => {
    const { page } = rita;
    await page.goto(`/admin/orders?q=${encodeURIComponent(shopperEmail)}`);
    const link = page.getByTestId("orders-export");
    await expect(link).toHaveAttribute("href", `/admin/orders/export?q=${encodeURIComponent(shopperEmail)}`);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const response = await page.request.get(`/admin/orders/export?q=${encodeURIComponent(shopperEmail)}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers()["cache-control"]).toContain("no-store");
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter(Boolean);
    expect(lines[0]).toMatch(/^"Reference","Placed \(UTC\)","Email"/);
    expect(lines.slice(1)).toEqual([expect.stringContaining(`"${reference}",`)]);

    const customer = await shopper.page.request.get("/admin/orders/export", { maxRedirects: 0 });
    expect(customer.status()).toBe(404);
    expect(await customer.text()).not.toContain(reference);
    const visitor = await shopper.context.browser()!.newContext();
    try {
      expect(
        (
          await visitor.request.get(`${test.info().project.use.baseURL}/admin/orders/export`, { maxRedirects: 0 })
        ).status(),
      ).toBe(404);
    } finally {
      await visitor.close();
    }
  });
});
