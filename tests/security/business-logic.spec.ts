import { expect, test } from "@playwright/test";
import { uniqueCard } from "../support/cards";
import { register, signIn, submitPassword, uniqueEmail, useOwnIp } from "../e2e/support/auth";
import { addToCart } from "../e2e/support/cart";
import { checkoutFromCart, expectOrderStatus, payWithCard } from "../e2e/support/checkout";
import { GB_IP, placeHeldOrder, US_IP } from "../e2e/support/admin";
import { changeProduct, orderByReference, query } from "./support/server";
import { staffPage } from "./support/staff";

// Business-logic attacks: quantities the form would never send, a catalog that changes under
// the shopper, forged webhooks, and redirects to another site after sign-in.

const stock = (slug: string) => query<{ stock: number }>(`SELECT stock FROM Product WHERE slug = ?`, slug)[0]!.stock;
const price = (slug: string) =>
  query<{ priceCents: number }>(`SELECT priceCents FROM Product WHERE slug = ?`, slug)[0]!.priceCents;

test("negative, zero, fractional, huge and non-numeric quantities are refused and add nothing", async ({
  page,
  context,
}) => {
  await useOwnIp(context);
  const before = stock("chef-knife");
  for (const quantity of [
    "-1",
    "0",
    "1.5",
    "-0.5",
    "1e3",
    "1000000",
    "99999999999999999999",
    "NaN",
    "1; DROP TABLE Cart",
  ]) {
    // A fresh form each time (React resets a submitted form), and the browser's own checks removed, as a hand-made POST would.
    await page.goto("/product/chef-knife");
    await page.getByLabel("Quantity").evaluate((el, q) => {
      const input = el as HTMLInputElement;
      input.type = "text";
      input.removeAttribute("min");
      input.removeAttribute("max");
      input.value = q;
    }, quantity);
    await expect(page.getByLabel("Quantity")).toHaveValue(quantity);
    // With the page's script the form posts to the JSON route (no page render; lib/cart/add-form.ts).
    const answered = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/cart/lines",
    );
    await page.getByRole("button", { name: "Add to cart" }).click();
    await answered;
    await expect(
      page
        .getByRole("status")
        .filter({ hasText: /Quantity|quantity/ })
        .first(),
      quantity,
    ).toBeVisible();
    await expect(page.getByText("Added to your cart"), quantity).toHaveCount(0);
    await expect(page.getByTestId("cart-count"), quantity).toHaveText("0");
  }
  expect(
    query(
      `SELECT COUNT(*) AS n FROM CartItem ci JOIN ProductVariant v ON v.id = ci.variantId JOIN Product p ON p.id = v.productId WHERE p.slug = 'chef-knife' AND (ci.quantity <= 0 OR ci.quantity > 100)`,
    ),
  ).toEqual([{ n: 0 }]);
  expect(stock("chef-knife")).toBe(before);

  // The cart's own quantity box: a negative number does not turn into a credit.
  await addToCart(page, "chef-knife", 1);
  await page.goto("/cart");
  const box = page.getByRole("main").locator('input[name="quantity"]').first();
  await box.evaluate((el) => {
    (el as HTMLInputElement).removeAttribute("min");
    (el as HTMLInputElement).value = "-5";
  });
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/cart"));
  await page
    .getByRole("button", { name: /Update/ })
    .first()
    .click();
  await answered;
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: /at least 1/ })
      .first(),
  ).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  expect(query<{ q: number }>(`SELECT MIN(quantity) AS q FROM CartItem`)[0]!.q).toBeGreaterThan(0);
});

test("a product withdrawn between cart and checkout cannot be bought", async ({ page, context }) => {
  await useOwnIp(context);
  const slug = "dot-grid-notebook";
  await addToCart(page, slug, 1);
  const orders = query(`SELECT COUNT(*) AS n FROM "Order"`);
  const before = stock(slug);
  changeProduct(slug, { active: false });
  try {
    await page.goto("/cart");
    const checkout = page.getByRole("link", { name: "Checkout" });
    if (await checkout.count()) {
      await checkout.click();
      await page.getByLabel("Email").fill(uniqueEmail("withdrawn"));
      await page.getByLabel("Full name").fill("Wanda Withdrawn");
      await page.getByLabel("Street address").fill("1 Main St");
      await page.getByLabel("City").fill("London");
      await page.getByLabel("Postal code").fill("N1 9GU");
      await page.getByLabel("Country").selectOption("GB");
      await page.getByRole("button", { name: "Pay" }).click();
      await expect(
        page.getByRole("alert").or(page.getByRole("status")).filter({ hasText: /\S/ }).first(),
      ).toBeVisible();
    }
    await expect(page.getByRole("heading", { name: "Payment details" })).toHaveCount(0);
    expect(query(`SELECT COUNT(*) AS n FROM "Order"`)).toEqual(orders);
    expect(stock(slug)).toBe(before);
  } finally {
    changeProduct(slug, { active: true });
  }
});

test("prices: the checkout-time price is charged, not the cart-time one and not a later change", async ({
  page,
  context,
}) => {
  await useOwnIp(context);
  const slug = "camping-hammock";
  const original = price(slug);
  try {
    await addToCart(page, slug, 1);
    // Raised between cart and checkout: the order uses the new price.
    changeProduct(slug, { priceCents: original + 1000 });
    await checkoutFromCart(page, { email: uniqueEmail("price") });
    // Lowered between checkout and payment: the order keeps the checkout-time price.
    changeProduct(slug, { priceCents: 1 });
    await payWithCard(page, uniqueCard());
    await expect(page).toHaveURL(/\/checkout\/return$/);
    await expectOrderStatus(page, "PAID");
    const heading = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
    const order = orderByReference(/[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(heading)![0]);
    const [item] = query<{ unitPriceCents: number }>(
      `SELECT unitPriceCents FROM OrderItem WHERE orderId = ?`,
      order.id,
    );
    expect(item!.unitPriceCents).toBe(original + 1000);
    const [payment] = query<{ amountAuthorized: number; amountCaptured: number }>(
      `SELECT amountAuthorized, amountCaptured FROM Payment WHERE orderId = ?`,
      order.id,
    );
    expect(payment!.amountAuthorized).toBe(order.totalCents);
    expect(payment!.amountCaptured).toBe(order.totalCents);
    expect(order.totalCents).toBeGreaterThanOrEqual(original + 1000);
  } finally {
    changeProduct(slug, { priceCents: original });
  }
});

test("forged Stripe webhooks (no, bad or stale signature) are refused with 400 and change nothing", async ({
  request,
}) => {
  const order = query<{ id: string; paymentIntentId: string | null; status: string }>(
    `SELECT id, paymentIntentId, status FROM "Order" WHERE paymentIntentId IS NOT NULL LIMIT 1`,
  )[0];
  const forgedId = `evt_forged_${Date.now()}`;
  const body = JSON.stringify({
    id: forgedId,
    object: "event",
    type: "payment_intent.succeeded",
    data: {
      object: {
        id: order?.paymentIntentId ?? "pi_forged",
        object: "payment_intent",
        status: "succeeded",
        amount_received: 1,
        metadata: { orderId: order?.id ?? "x" },
      },
    },
  });
  const t = Math.floor(Date.now() / 1000);
  for (const signature of [
    undefined,
    "",
    `t=${t},v1=${"0".repeat(64)}`,
    `t=${t - 3600},v1=${"a".repeat(64)}`,
    "v1=deadbeef",
    `t=${t},v0=${"0".repeat(64)}`,
  ]) {
    const r = await request.post("/api/webhooks/stripe", {
      data: body,
      headers: {
        "Content-Type": "application/json",
        ...(signature === undefined ? {} : { "Stripe-Signature": signature }),
      },
    });
    expect(r.status(), String(signature)).toBe(400);
    expect(await r.text()).not.toMatch(/at \w+ \(|node_modules|whsec_/);
  }
  // The event was never recorded as processed, and the order it names did not move.
  expect(query(`SELECT id FROM WebhookEvent WHERE id = ?`, forgedId)).toEqual([]);
  if (order) expect(query(`SELECT status FROM "Order" WHERE id = ?`, order.id)).toEqual([{ status: order.status }]);
});

test("open redirects: sign-in and next-auth return URLs never leave the site", async ({ page, context, baseURL }) => {
  await useOwnIp(context);
  const email = uniqueEmail("redirect");
  await register(page, email);
  const origin = new URL(baseURL!).origin;
  for (const target of [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "/%2F%2Fevil.example",
    "javascript:alert(1)",
    "//evil.example/%2e%2e",
  ]) {
    await page.context().clearCookies();
    await page.goto(`/signin?next=${encodeURIComponent(target)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("velvet kettle orbit 2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    expect(new URL(page.url()).origin, target).toBe(origin);
  }
  for (const path of ["/api/auth/signin", "/api/auth/signout", "/api/auth/callback/credentials", "/api/auth/error"]) {
    for (const callbackUrl of ["https://evil.example", "//evil.example"]) {
      const r = await page.request.get(`${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
      const location = r.headers()["location"];
      if (location) expect(new URL(location, origin).origin, `${path} ${callbackUrl}`).toBe(origin);
      expect(await r.text()).not.toContain("evil.example");
    }
  }
  void submitPassword;
  void signIn;
});

test("capturing a held order by replaying the staff approve action as a shopper or visitor is refused", async ({
  browser,
}) => {
  const shopper = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": US_IP } });
  const page = await shopper.newPage();
  const email = uniqueEmail("held-attacker");
  await register(page, email);
  await signIn(page, email);
  await shopper.setExtraHTTPHeaders({ "X-Forwarded-For": GB_IP });
  const reference = await placeHeldOrder(page, email, "dot-grid-notebook");
  const order = orderByReference(reference);
  expect(order.status).toBe("HELD");

  // The admin clicks "Approve"; the request is recorded and stopped before it reaches the store.
  const admin = await staffPage(browser, "admin");
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | null = null;
  await admin.page.route(`**/admin/orders/${order.id}`, async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    const { cookie: _cookie, ...headers } = await request.allHeaders();
    captured = { url: request.url(), headers, body: request.postDataBuffer() ?? Buffer.alloc(0) };
    return route.abort();
  });
  await admin.page.goto(`/admin/orders/${order.id}`);
  await admin.page.getByLabel("Reason").selectOption({ label: "Verified with the customer" });
  await admin.page.getByLabel("Note (why you decided this, for the audit log)").fill("replay probe");
  await admin.page.getByRole("button", { name: "Approve and capture" }).click();
  await expect.poll(() => captured !== null).toBe(true);
  const replay = captured!;
  expect(replay.headers["next-action"]).toMatch(/^[0-9a-f]{40,}$/);

  const visitor = await browser.newContext();
  for (const who of [shopper, visitor]) {
    const r = await who.request.post(replay.url, { headers: replay.headers, data: replay.body, maxRedirects: 0 });
    expect(await r.text()).not.toMatch(/approved|captured/i);
    expect(orderByReference(reference).status).toBe("HELD");
  }
  expect(query(`SELECT COUNT(*) AS n FROM OrderDecision WHERE orderId = ?`, order.id)).toEqual([{ n: 0 }]);
  expect(
    query<{ amountCaptured: number }>(`SELECT amountCaptured FROM Payment WHERE orderId = ?`, order.id)[0]!
      .amountCaptured,
  ).toBe(0);

  // Control: the same bytes from the admin's own session do approve, so the replay itself was sound.
  await admin.page.unrouteAll();
  await admin.context.request.post(replay.url, { headers: replay.headers, data: replay.body, maxRedirects: 0 });
  await expect.poll(() => orderByReference(reference).status).toMatch(/APPROVING|PAID/);
  for (const c of [shopper, visitor, admin.context]) await c.close();
});
