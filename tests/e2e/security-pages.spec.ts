import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";

test.describe("security information for customers", () => {
  test("the footer links to /security, which explains what is stored and how to report a problem, accessibly", async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: "How we protect your data" }).click();
    await expect(page).toHaveURL(/\/security$/);
    await expect(page.getByRole("heading", { level: 1, name: "How we protect your data" })).toBeVisible();
    for (const name of [
      "What we store about you",
      "What we never store",
      "How your password is protected",
      "Two-factor authentication",
      "We will never ask for your password or card details",
      "Reporting a security problem",
    ]) {
      await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
    }
    await expect(page.getByRole("region", { name: "What we never store" })).toContainText("never reach this store");
    await expect(page.getByRole("region", { name: "How your password is protected" })).toContainText("Argon2id");
    await expect(page.getByRole("link", { name: "Go to Account → Security" })).toHaveAttribute(
      "href",
      "/account/security",
    );
    // The same contact security.txt publishes, derived from APP_URL (http://localhost:<port> here).
    await expect(page.getByRole("link", { name: "security@localhost" })).toHaveAttribute(
      "href",
      "mailto:security@localhost",
    );
    await expect(page.getByRole("link", { name: "security.txt" })).toHaveAttribute("href", "/.well-known/security.txt");
    await expectNoAxeViolations(page);
  });

  test("/.well-known/security.txt is RFC 9116 plain text with a future Expires", async ({ request, baseURL }) => {
    const response = await request.get("/.well-known/security.txt");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/plain; charset=utf-8$/i);
    const fields = new Map(
      (await response.text())
        .split("\n")
        .filter((line) => line.includes(": "))
        .map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)] as const),
    );
    const origin = new URL(baseURL!).origin;
    expect(fields.get("Contact")).toBe("mailto:security@localhost");
    expect(fields.get("Preferred-Languages")).toBe("en");
    expect(fields.get("Canonical")).toBe(`${origin}/.well-known/security.txt`);
    expect(fields.get("Policy")).toBe(`${origin}/security`);

    const expires = Date.parse(fields.get("Expires") ?? "");
    const day = 24 * 60 * 60 * 1000;
    expect(expires).toBeGreaterThan(Date.now() + 300 * day);
    expect(expires).toBeLessThanOrEqual(Date.now() + 365 * day);
  });
});
