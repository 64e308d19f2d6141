import { expect, test, type Page } from "@playwright/test";
import { register, signIn, uniqueEmail, useOwnIp } from "../e2e/support/auth";
import { failOnDialog, messagesTo, orderByReference, query, waitForMail } from "./support/server";
import { buy } from "./support/shop";
import { staffPage } from "./support/staff";

// Stored XSS: markup saved as a name and an address at registration and checkout, then shown to
// the shopper, to staff in the admin order view, and in the order email. Nothing may run, and the
// markup must come out as text. Plus email header injection through a name with CR/LF.

const NAME = `<img src=x onerror=alert(1)>`;
const LINE1 = `<script>alert(2)</script>1 Main St`;
const CITY = `"><svg onload=alert(3)>`;

async function expectInert(page: Page, fired: string[]) {
  // No element the payload would have created exists, and no dialog fired.
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
  // (The text may sit inside Next.js's serialized page data; no script element of its own exists.)
  expect(
    await page.locator("script").evaluateAll((els) => els.filter((e) => e.textContent?.trim() === "alert(2)").length),
  ).toBe(0);
  expect(fired).toEqual([]);
}

test("markup saved at registration and checkout is shown as text to shopper and staff, and escaped in the email", async ({
  browser,
}) => {
  const context = await browser.newContext();
  await useOwnIp(context);
  const page = await context.newPage();
  const fired = failOnDialog(page);
  const email = uniqueEmail("xss");
  await register(page, email, undefined, NAME);
  await signIn(page, email);
  await expect(page.getByText(NAME).first()).toBeVisible();
  await expectInert(page, fired);

  const reference = await buy(page, email, "dot-grid-notebook", { name: NAME, line1: LINE1, city: CITY });
  await expect(page.getByText(LINE1).first()).toBeVisible();
  await expectInert(page, fired);
  const order = orderByReference(reference);
  expect(query(`SELECT shippingName, shippingLine1 FROM "Order" WHERE id = ?`, order.id)).toEqual([
    { shippingName: NAME, shippingLine1: LINE1 },
  ]);
  await page.goto(`/orders/${order.id}`);
  await expect(page.getByText(NAME).first()).toBeVisible();
  await expectInert(page, fired);

  const admin = await staffPage(browser, "admin");
  const adminFired = failOnDialog(admin.page);
  await admin.page.goto(`/admin/orders/${order.id}`);
  await expect(admin.page.getByRole("heading", { name: `Order ${reference}` })).toBeVisible();
  await expect(admin.page.getByText(NAME).first()).toBeVisible();
  await expect(admin.page.getByText(LINE1).first()).toBeVisible();
  await expectInert(admin.page, adminFired);
  const html = await admin.page.content();
  expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  expect(html).not.toContain(NAME);
  await admin.page.goto(`/admin/orders?q=${encodeURIComponent(email)}`);
  await expectInert(admin.page, adminFired);

  // Every email this shopper got (verification, order confirmation): the HTML part never carries
  // the markup raw; where a value was included, it is there escaped.
  await waitForMail(email, /confirmed$/);
  const mails = (await messagesTo(email)).map((raw) =>
    raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
  );
  expect(mails.length).toBeGreaterThanOrEqual(2);
  for (const mail of mails) {
    const htmlPart =
      /Content-Type: text\/html[^\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)(?:\r?\n--|$)/i.exec(mail)?.[1] ?? "";
    expect(htmlPart.length).toBeGreaterThan(0);
    expect(htmlPart).not.toMatch(/<img src=x|<script>alert|<svg onload/i);
    if (htmlPart.includes("onerror=alert(1)")) expect(htmlPart).toContain("&lt;img src=x onerror=alert(1)&gt;");
    if (htmlPart.includes("alert(2)")) expect(htmlPart).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
  }
  await context.close();
  await admin.context.close();
});

test("email header injection: a name with CR/LF cannot add headers or recipients", async ({ page, context }) => {
  await useOwnIp(context);
  const email = uniqueEmail("crlf");
  const injected = "Eve\r\nBcc: victim@evil.example\r\nSubject: Hacked";
  await page.goto("/register");
  // Swap the single-line input for a textarea, which keeps CR/LF, as a hand-made POST could.
  await page.getByLabel("Name").evaluate((el, value) => {
    const area = document.createElement("textarea");
    area.name = (el as HTMLInputElement).name;
    area.value = value;
    (el as HTMLInputElement).removeAttribute("name");
    el.after(area);
  }, injected);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("velvet kettle orbit 2026");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("register-status").or(page.getByRole("alert")).first()).toBeVisible();
  const saved = query<{ name: string }>(`SELECT name FROM User WHERE email = ?`, email);
  if (saved.length) {
    // Neutralised: stored without line breaks, or refused.
    expect(saved[0]!.name).not.toMatch(/[\r\n]/);
    const welcome = await messagesTo(email);
    for (const raw of welcome) {
      const headers = raw.split(/\r?\n\r?\n/)[0]!;
      expect(headers).not.toMatch(/^Bcc:/im);
      expect(headers).not.toMatch(/^Subject: Hacked/im);
    }
  }
  expect(await messagesTo("victim@evil.example")).toEqual([]);
});
