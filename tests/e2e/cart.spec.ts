import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { addToCart, cartCount } from "./support/cart";

test.describe("the cart", () => {
  test("add, update and remove, with server-computed totals", async ({ page }) => {
    await addToCart(page, "organic-cotton-tee", 2);
    await expect(cartCount(page)).toHaveText("2");
    await addToCart(page, "dot-grid-notebook", 1);
    await expect(cartCount(page)).toHaveText("3");

    await page.getByTestId("cart-link").click();
    await expect(page.getByTestId("cart-line")).toHaveCount(2);
    await expect(page.getByTestId("cart-subtotal")).toContainText("$75.00");
    await expectNoAxeViolations(page);

    await page.getByLabel("Quantity of Organic Cotton Tee").fill("3");
    await page
      .getByTestId("cart-line")
      .filter({ hasText: "Organic Cotton Tee" })
      .getByRole("button", { name: "Update" })
      .click();
    await expect(page.getByTestId("cart-subtotal")).toContainText("$103.00");
    await expect(cartCount(page)).toHaveText("4");

    await page.getByRole("button", { name: "Remove Dot Grid Notebook" }).click();
    await expect(page.getByTestId("cart-line")).toHaveCount(1);
    await expect(page.getByTestId("cart-subtotal")).toContainText("$84.00");
  });

  test("Add to cart is disabled and busy while it runs, and a resubmitted add changes the cart once", async ({
    page,
  }) => {
    await addToCart(page, "dot-grid-notebook", 1);
    await page.goto("/product/fountain-pen");
    // Hold the add in flight to see the form while its request runs.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let sent: { url: string; headers: Record<string, string>; body: string } | null = null;
    await page.route("**/api/cart/lines", async (route) => {
      const request = route.request();
      if (request.method() === "POST") {
        sent = { url: request.url(), headers: await request.allHeaders(), body: request.postData() ?? "" };
        await held;
      }
      await route.continue();
    });
    await page.getByRole("button", { name: "Add to cart" }).click();
    const busy = page.getByRole("button", { name: "Adding…" });
    await expect(busy).toBeDisabled();
    await expect(page.locator("form[aria-busy=true]")).toHaveCount(1);
    await expect(page.getByRole("status").filter({ hasText: "Adding to your cart" })).toHaveCount(1);
    await busy.click({ force: true });
    release();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
    await expect(cartCount(page)).toHaveText("2");
    await page.unroute("**/api/cart/lines");

    // The same submission again, as a browser retrying after a lost answer sends it.
    expect(sent).not.toBeNull();
    const { url, headers, body } = sent!;
    const resent = Object.fromEntries(
      Object.entries(headers).filter(
        ([name]) => !name.startsWith(":") && !["content-length", "host", "cookie"].includes(name),
      ),
    );
    const replay = await page.request.fetch(url, { method: "POST", headers: resent, data: body });
    expect(replay.status()).toBe(200);
    await page.goto("/cart");
    await expect(page.getByLabel("Quantity of Fountain Pen")).toHaveValue("1");
    await expect(cartCount(page)).toHaveText("2");
  });

  test("with JavaScript an add renders no page: the form posts to /api/cart/lines and the header takes the new count", async ({
    page,
  }) => {
    await page.goto("/product/chef-knife");
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(new URL(request.url()).pathname);
    });
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart." })).toBeVisible();
    await expect(cartCount(page)).toHaveText("2");
    // What was typed stays; a second add is a new change with the next key.
    await expect(page.getByLabel("Quantity")).toHaveValue("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(cartCount(page)).toHaveText("4");
    expect(posts).toEqual(["/api/cart/lines", "/api/cart/lines"]);
    await page.getByLabel("Quantity").fill("0");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status")).toHaveText("Quantity must be at least 1.");
    await expect(page.getByLabel("Quantity")).toHaveValue("0");
    await expect(page.getByLabel("Quantity")).toHaveAttribute("aria-invalid", "true");
    await expect(cartCount(page)).toHaveText("4");
    await expectNoAxeViolations(page);
  });

  test("POST /api/cart/lines refuses another site's post and one without Origin, and adds nothing", async ({
    page,
    baseURL,
  }) => {
    await page.goto("/product/chef-knife");
    const fields = {
      productId: await page.locator("input[name=productId]").inputValue(),
      quantity: "1",
      requestKey: await page.locator("input[name=requestKey]").inputValue(),
    };
    for (const headers of [
      { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      { Origin: new URL(baseURL!).origin, "Sec-Fetch-Site": "cross-site" },
      {},
    ] as Record<string, string>[]) {
      const answer = await page.request.post("/api/cart/lines", { multipart: fields, headers });
      expect(answer.status()).toBe(403);
      expect(answer.headers()["set-cookie"]).toBeUndefined();
    }
    expect((await page.context().cookies()).find((c) => c.name.endsWith("cart"))).toBeUndefined();
  });

  test("the cart survives a reload and a browser restart, through an httpOnly opaque cookie", async ({
    page,
    browser,
    context,
  }) => {
    await addToCart(page, "chef-knife", 1);
    await page.reload();
    await expect(cartCount(page)).toHaveText("1");

    const cookies = await context.cookies();
    const cart = cookies.find((c) => c.name.endsWith("cart"));
    expect(cart?.httpOnly).toBe(true);
    expect(cart?.sameSite).toBe("Lax");
    expect(cart?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cart?.expires).toBeGreaterThan(Date.now() / 1000 + 86400);

    const state = await context.storageState();
    await context.close();
    const restarted = await browser.newContext({ storageState: state });
    const again = await restarted.newPage();
    await again.goto("/cart");
    await expect(again.getByTestId("cart-line")).toHaveCount(1);
    await expect(again.getByTestId("cart-line")).toContainText("Chef's Knife");
    await restarted.close();
  });

  for (const [quantity, message] of [
    ["0", "Quantity must be at least 1."],
    ["-2", "Quantity must be at least 1."],
    ["1.5", "Quantity must be a whole number."],
    ["100", "Quantity must be at most 99."],
    ["4", "Only 3 of Waxed Canvas Jacket left: choose 3 or fewer."],
  ] as const) {
    test(`refuses quantity ${quantity} with a clear message and leaves the cart unchanged`, async ({ page }) => {
      await addToCart(page, "waxed-canvas-jacket", 1);
      await expect(cartCount(page)).toHaveText("1");
      await addToCart(page, "waxed-canvas-jacket", quantity);
      await expect(page.getByRole("status")).toHaveText(message);
      await page.reload();
      await expect(cartCount(page)).toHaveText("1");
    });
  }

  test("a bad quantity in the cart page is refused and the line keeps its quantity; 0 removes the line", async ({
    page,
  }) => {
    await addToCart(page, "usb-c-charger", 2);
    await page.goto("/cart");
    await page.getByLabel("Quantity of USB-C Charger 65W").fill("-1");
    await page.getByRole("button", { name: "Update" }).click();
    await expect(page.getByRole("status").filter({ hasText: "at least 1 (or 0 to remove the item)" })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Quantity of USB-C Charger 65W")).toHaveValue("2");
    await page.getByLabel("Quantity of USB-C Charger 65W").fill("0");
    await page.getByRole("button", { name: "Update" }).click();
    await expect(page.getByLabel("Quantity of USB-C Charger 65W")).toHaveCount(0);
  });

  test("a tampered or unknown cart cookie yields a fresh empty cart, not an error", async ({ page, context }) => {
    await addToCart(page, "insulated-bottle", 1);
    const cart = (await context.cookies()).find((c) => c.name.endsWith("cart"));
    expect(cart).toBeDefined();
    for (const value of [`${cart!.value.slice(0, -2)}xx`, "not-a-token", "' OR 1=1 --", "a".repeat(4000)]) {
      await context.addCookies([{ ...cart!, value }]);
      const response = await page.goto("/cart");
      expect(response?.status()).toBe(200);
      await expect(page.getByText("Your cart is empty.")).toBeVisible();
      await expect(cartCount(page)).toHaveText("0");
    }
    await addToCart(page, "insulated-bottle", 1);
    await expect(cartCount(page)).toHaveText("1");
    const replaced = (await context.cookies()).find((c) => c.name.endsWith("cart"));
    expect(replaced?.value).not.toBe(cart!.value);
  });
});

test.describe("the cart without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the add-to-cart form still adds, and shows a refusal with the page", async ({ page }) => {
    await page.goto("/product/fountain-pen");
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status")).toHaveText("Added to your cart.");
    await expect(cartCount(page)).toHaveText("2");
    await page.getByLabel("Quantity").fill("100");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status")).toHaveText("Quantity must be at most 99.");
    await page.goto("/cart");
    await expect(page.getByLabel("Quantity of Fountain Pen")).toHaveValue("2");
  });
});
