import { randomBytes } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import { register, signIn, uniqueEmail, useOwnIp as ownIp } from "../e2e/support/auth";
import { addToCart } from "../e2e/support/cart";
import { orderByReference, query, snapshot, waitForMail } from "./support/server";
import { buy } from "./support/shop";
import { staffPage } from "./support/staff";

// Access control: other people's carts, orders, guest links and sessions; the admin area for
// visitors, shoppers and reviewers; extra form fields trying to set what the server owns.

async function shopperPage(browser: Browser, tag: string) {
  const context = await browser.newContext();
  await ownIp(context);
  const page = await context.newPage();
  const email = uniqueEmail(tag);
  await register(page, email);
  await signIn(page, email);
  return { context, page, email };
}

test("another shopper's order is a 404 by id, and a forged guest link is a 404", async ({ browser }) => {
  const alice = await shopperPage(browser, "alice");
  const reference = await buy(alice.page, alice.email);
  const { id } = orderByReference(reference);
  const mallory = await shopperPage(browser, "mallory");
  const response = await mallory.page.goto(`/orders/${id}`);
  expect(response?.status()).toBe(404);
  await expect(mallory.page.getByText(reference)).toHaveCount(0);
  await mallory.page.goto("/orders");
  await expect(mallory.page.getByText(reference)).toHaveCount(0);

  // The guest link is id.HMAC(AUTH_SECRET): every forgery Mallory can build without the secret is a 404.
  await waitForMail(alice.email, /confirmed$/);
  for (const forged of [
    `${id}.${randomBytes(32).toString("base64url")}`,
    `${id}.${"A".repeat(43)}`,
    `${id}.`,
    id,
    encodeURIComponent(`${id}.' OR '1'='1`),
  ]) {
    const r = await mallory.page.goto(`/orders/track/${forged}`);
    expect(r?.status(), forged).toBe(404);
    await expect(mallory.page.getByText(reference)).toHaveCount(0);
  }
  await alice.context.close();
  await mallory.context.close();
});

test("a cart cookie set to another cart's id (or a guess) does not open that cart", async ({ browser }) => {
  const alice = await shopperPage(browser, "cart-alice");
  await addToCart(alice.page, "chef-knife", 2);
  const cartId =
    query<{ id: string }>(`SELECT c.id FROM Cart c JOIN User u ON u.id = c.userId WHERE u.email = ?`, alice.email)[0]
      ?.id ?? query<{ id: string }>(`SELECT id FROM Cart ORDER BY createdAt DESC LIMIT 1`)[0]!.id;
  const linesBefore = query(`SELECT variantId, quantity FROM CartItem WHERE cartId = ? ORDER BY variantId`, cartId);
  expect(linesBefore.length).toBeGreaterThan(0);
  const mallory = await browser.newContext();
  const { hostname } = new URL(alice.page.url());
  for (const value of [cartId, randomBytes(32).toString("base64url")]) {
    await mallory.clearCookies();
    await mallory.addCookies([
      { name: "__Host-cart", value, domain: hostname, path: "/", secure: true, httpOnly: true, sameSite: "Lax" },
    ]);
    const page = await mallory.newPage();
    await page.goto("/cart");
    await expect(page.getByTestId("cart-count")).toHaveText("0");
    await expect(page.getByText("Chef")).toHaveCount(0);
    await page.close();
  }
  expect(query(`SELECT variantId, quantity FROM CartItem WHERE cartId = ? ORDER BY variantId`, cartId)).toEqual(
    linesBefore,
  );
  await alice.context.close();
  await mallory.close();
});

test("a shopper cannot sign out someone else's session by swapping the session id", async ({ browser }) => {
  const alice = await shopperPage(browser, "sess-alice");
  const aliceSession = query<{ id: string }>(
    `SELECT s.id FROM UserSession s JOIN User u ON u.id = s.userId WHERE u.email = ? AND s.revokedAt IS NULL`,
    alice.email,
  )[0]!.id;
  const mallory = await shopperPage(browser, "sess-mallory");
  // A second Mallory session, so her page shows a "Sign out this session" form to tamper with.
  const other = await browser.newContext();
  await ownIp(other);
  await signIn(await other.newPage(), mallory.email);
  await mallory.page.goto("/account/security");
  const form = mallory.page.getByRole("form", { name: /^Sign out .* session$/ }).first();
  await form
    .locator('input[name="sessionId"]')
    .evaluate((el, id) => ((el as HTMLInputElement).value = id), aliceSession);
  await form.getByRole("button", { name: "Sign out this session" }).click();
  await expect(mallory.page.getByRole("status").or(mallory.page.getByRole("alert")).first()).toBeVisible();
  expect(query(`SELECT revokedAt FROM UserSession WHERE id = ?`, aliceSession)).toEqual([{ revokedAt: null }]);
  await alice.page.goto("/account");
  await expect(alice.page).toHaveURL(/\/account$/);
  for (const c of [alice.context, mallory.context, other]) await c.close();
});

test("the admin area: visitors are sent to sign in, shoppers get 404, reviewers 403 on admin-only pages", async ({
  browser,
  request,
}) => {
  const before = snapshot();
  for (const path of ["/admin", "/admin/orders", "/admin/rules", "/admin/staff", "/admin/audit", "/admin/security"]) {
    const r = await request.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBe(307);
    expect(r.headers()["location"], path).toMatch(/^\/signin\?next=/);
  }
  const shopper = await shopperPage(browser, "admin-probe");
  for (const path of [
    "/admin",
    "/admin/orders",
    "/admin/rules",
    "/admin/staff",
    "/admin/audit",
    "/admin/security",
    "/admin/alerts",
  ]) {
    const r = await shopper.page.goto(path);
    expect(r?.status(), path).toBe(404);
    await expect(shopper.page.getByTestId("admin-heading")).toHaveCount(0);
  }
  const reviewer = await staffPage(browser, "reviewer");
  for (const path of ["/admin/rules", "/admin/staff", "/admin/audit", "/admin/security"]) {
    const r = await reviewer.page.goto(path);
    expect(r?.status(), path).toBe(403);
    await expect(reviewer.page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(reviewer.page.getByTestId("posture-checklist")).toHaveCount(0);
  }
  await expect(
    reviewer.page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Security center" }),
  ).toHaveCount(0);
  // Nothing changed: no role, product or order touched (new rows from this test's own sign-ups aside).
  const after = snapshot();
  const roles = (rows: unknown[] = []) =>
    Object.fromEntries((rows as { id: string; role: string }[]).map((u) => [u.id, u.role]));
  expect(Object.fromEntries(Object.keys(roles(before.users)).map((id) => [id, roles(after.users)[id]]))).toEqual(
    roles(before.users),
  );
  expect(after.products).toEqual(before.products);
  expect(after.orders).toEqual(before.orders);
  await shopper.context.close();
  await reviewer.context.close();
});

test("mass assignment: extra role/status/price/userId fields in registration and cart posts are ignored", async ({
  page,
  context,
}) => {
  await ownIp(context);
  const admin = query<{ id: string }>(`SELECT id FROM User WHERE role = 'ADMIN' LIMIT 1`)[0]!;
  const products = query(`SELECT id, priceCents, stock, active FROM Product ORDER BY id`);
  const email = uniqueEmail("mass");
  await page.goto("/register");
  const inject = async (formSelector: string, fields: Record<string, string>) =>
    page
      .locator(formSelector)
      .first()
      .evaluate((form, extra) => {
        for (const [name, value] of Object.entries(extra)) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          form.appendChild(input);
        }
      }, fields);
  await page.getByLabel("Name").fill("Mass Assigner");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("velvet kettle orbit 2026");
  await inject("form:has(input[name=email])", {
    role: "ADMIN",
    "user.role": "ADMIN",
    emailVerifiedAt: "2020-01-01",
    totpEnabledAt: "2020-01-01",
    id: admin.id,
  });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("register-status")).toHaveText(/Check your email/);
  const [user] = query<{ id: string; role: string; totpEnabledAt: unknown }>(
    `SELECT id, role, totpEnabledAt FROM User WHERE email = ?`,
    email,
  );
  expect(user).toMatchObject({ role: "CUSTOMER", totpEnabledAt: null });
  expect(user!.id).not.toBe(admin.id);

  await signIn(page, email);
  await page.goto("/product/chef-knife");
  await page.getByLabel("Quantity").fill("1");
  await inject("form:has(input[name=quantity]), form:has([aria-label=Quantity])", {
    priceCents: "1",
    price: "0.01",
    unitPriceCents: "1",
    userId: admin.id,
    status: "PAID",
    active: "false",
  });
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Added to your cart/ })).toBeVisible();
  await page.goto("/cart");
  const price = query<{ priceCents: number }>(`SELECT priceCents FROM Product WHERE slug = 'chef-knife'`)[0]!
    .priceCents;
  await expect(page.getByRole("main")).toContainText((price / 100).toFixed(2));
  expect(query(`SELECT id, priceCents, stock, active FROM Product ORDER BY id`)).toEqual(products);
  expect(query(`SELECT COUNT(*) AS n FROM Cart WHERE userId = ?`, admin.id)).toEqual([{ n: 0 }]);
});
