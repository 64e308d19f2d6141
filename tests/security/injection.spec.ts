import { expect, test } from "@playwright/test";
import { submitPassword, uniqueEmail, useOwnIp } from "../e2e/support/auth";
import { addToCart } from "../e2e/support/cart";
import { query, snapshot } from "./support/server";
import { staffPage } from "./support/staff";

// SQL injection strings everywhere a shopper or staff member can type: no 500, no error detail,
// no data from other rows, and the database unchanged.

const PAYLOADS = [
  `' OR '1'='1`,
  `' OR 1=1 --`,
  `admin@example.com' --`,
  `"; DROP TABLE "User"; --`,
  `') UNION SELECT passwordHash, email FROM User --`,
  `1; SELECT sqlite_version(); --`,
  `%' AND 1=(SELECT COUNT(*) FROM sqlite_master) AND '%'='`,
];
// What a successful injection or a crash would show (the payloads themselves are echoed back as
// text, e.g. "Results for …", so their own words are not in this list).
const LEAK =
  /\$argon2|SQLITE_[A-Z]+|PrismaClient|Invalid `prisma|[Ss]yntax error|near "|unrecognized token|at \w+ \(|node_modules/;

test("sign-in: injection strings in the email get the generic answer and sign nobody in", async ({ page, context }) => {
  await useOwnIp(context);
  const before = snapshot();
  for (const payload of PAYLOADS.slice(0, 4)) {
    await submitPassword(page, payload, `' OR '1'='1`);
    await expect(page.getByTestId("signin-status")).toHaveText(/\S/);
    await expect(page).not.toHaveURL(/\/account$/);
    expect(await page.content()).not.toMatch(LEAK);
  }
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  expect(snapshot()).toEqual(before);
});

test("search, product and category slugs: no 500, no leak, no extra rows", async ({ request }) => {
  const before = snapshot();
  const active = query<{ n: number }>(`SELECT COUNT(*) AS n FROM Product WHERE active = 1`)[0]!.n;
  for (const payload of PAYLOADS) {
    const search = await request.get(`/search?q=${encodeURIComponent(payload)}`);
    expect(search.status(), payload).toBe(200);
    const html = await search.text();
    expect(html).not.toMatch(LEAK);
    // A tautology would match every product: the page would list all of them.
    const listed = (html.match(/href="\/product\/[a-z0-9-]+"/g) ?? []).length;
    expect(listed, payload).toBeLessThan(active);
    for (const base of ["/product/", "/category/", "/orders/", "/orders/track/"]) {
      const r = await request.get(base + encodeURIComponent(payload), { maxRedirects: 0 });
      expect([404, 307, 400], `${base}${payload}`).toContain(r.status());
      expect(await r.text()).not.toMatch(LEAK);
    }
  }
  expect(snapshot()).toEqual(before);
});

test("checkout address fields take injection strings as plain text", async ({ page, context }) => {
  await useOwnIp(context);
  const users = snapshot().users;
  await addToCart(page, "chef-knife", 1);
  await page.goto("/cart");
  await page.getByRole("link", { name: "Checkout" }).click();
  const email = uniqueEmail("sqli");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Full name").fill(`Robert'); DROP TABLE "Order";--`);
  await page.getByLabel("Street address").fill(`1' OR '1'='1`);
  await page.getByLabel("City").fill(`London" --`);
  await page.getByLabel("Postal code").fill(`N1'--`);
  await page.getByLabel("Country").selectOption("GB");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(
    page.getByRole("heading", { name: "Payment details" }).or(page.getByRole("alert")).first(),
  ).toBeVisible();
  expect(await page.content()).not.toMatch(LEAK);
  const saved = query<{ shippingName: string; shippingLine1: string }>(
    `SELECT shippingName, shippingLine1 FROM "Order" WHERE email = ?`,
    email,
  );
  if (saved.length)
    expect(saved[0]).toEqual({ shippingName: `Robert'); DROP TABLE "Order";--`, shippingLine1: `1' OR '1'='1` });
  expect(query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('Order', 'User')`).length).toBe(2);
  expect(snapshot().users).toEqual(users);
});

test("admin order search and filters: injection strings find nothing and break nothing", async ({ browser }) => {
  const admin = await staffPage(browser, "admin");
  const before = snapshot();
  for (const payload of PAYLOADS) {
    for (const params of [
      { q: payload },
      { status: payload },
      { q: payload, page: payload },
      { from: payload, to: payload },
    ] as Record<string, string>[]) {
      const r = await admin.page.goto(`/admin/orders?${new URLSearchParams(params).toString()}`);
      expect(r?.status(), JSON.stringify(params)).toBe(200);
      await expect(admin.page.getByTestId("admin-heading")).toBeVisible();
      expect(await admin.page.content()).not.toMatch(LEAK);
    }
    // No other customer's email or an error leaks into the list.
    expect(await admin.page.getByTestId("admin-heading").count()).toBe(1);
    const audit = await admin.page.goto(`/admin/audit?action=${encodeURIComponent(payload)}`);
    expect(audit?.status()).toBe(200);
    expect(await admin.page.content()).not.toMatch(LEAK);
  }
  const after = snapshot();
  expect(after.products).toEqual(before.products);
  expect(after.orders).toEqual(before.orders);
  await admin.context.close();
});
