import { uniqueCard } from "../../support/cards";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { addToCart } from "./cart";
import { checkoutFromCart, expectOrderStatus, payWithCard } from "./checkout";
import { queryE2eDatabase } from "./database";

// Helpers for the admin dashboard's browser tests. The e2e server trusts one proxy hop, so a
// context's X-Forwarded-For is its client address: a shopper who registers from 8.8.8.8 (US)
// and pays from 81.2.69.142 (GB) trips the ip-country-mismatch rule, which holds the order.

const port = Number(process.env.E2E_PORT ?? 3100);
export const US_IP = "8.8.8.8";
export const GB_IP = "81.2.69.142";

/** Reads the e2e server's database (read-only) to check what a page cannot show. */
export const query = <T>(sql: string, ...params: unknown[]): T[] => queryE2eDatabase<T>(port, sql, ...params);

export const stockOf = (slug: string) =>
  query<{ stock: number }>(`SELECT stock FROM Product WHERE slug = ?`, slug)[0]!.stock;
export const orderByReference = (reference: string) =>
  query<{ id: string; status: string; paymentIntentId: string }>(
    `SELECT id, status, paymentIntentId FROM "Order" WHERE reference = ?`,
    reference,
  )[0]!;

export async function fromAddress(context: BrowserContext, ip: string): Promise<void> {
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": ip });
}

/**
 * Buys `slug` as the signed-in shopper and waits until the order is HELD; returns its reference.
 * With `declineFirst`, that card is tried (and declined) on the hosted page before the one that pays.
 */
export async function placeHeldOrder(
  page: Page,
  email: string,
  slug: string,
  quantity = 1,
  declineFirst?: string,
): Promise<string> {
  await addToCart(page, slug, quantity);
  await checkoutFromCart(page, { email, name: "Gina Tester" });
  if (declineFirst) {
    await payWithCard(page, declineFirst, "Gina Tester");
    await expect(page.getByRole("alert")).toContainText("declined");
  }
  await payWithCard(page, uniqueCard(), "Gina Tester");
  await expect(page).toHaveURL(/\/checkout\/return$/);
  await expectOrderStatus(page, "HELD");
  const heading = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  const reference = /[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(heading)?.[0];
  if (!reference) throw new Error(`no order reference in "${heading}"`);
  return reference;
}

/** The policy gate: every admin URL leads here until the staff member acknowledges it. */
export async function acknowledgePolicy(page: Page): Promise<void> {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/policy$/);
  await expect(page.getByRole("heading", { name: "Staff security policy" })).toBeVisible();
  await page.getByLabel("I have read the staff security policy and will follow it.").check();
  await page.getByRole("button", { name: "Acknowledge and continue" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
}

/** Approves or rejects the order with `reference` from its review page. */
export async function decide(
  page: Page,
  reference: string,
  decision: "Approve and capture" | "Reject and cancel",
  note: string,
  reason = decision === "Approve and capture" ? "Verified with the customer" : "Suspected fraud",
): Promise<void> {
  await page.goto("/admin");
  await page.getByTestId("queue-row").filter({ hasText: reference }).getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { name: `Order ${reference}` })).toBeVisible();
  await page.getByLabel("Reason").selectOption({ label: reason });
  await page.getByLabel("Note (why you decided this, for the audit log)").fill(note);
  await page.getByRole("button", { name: decision }).click();
  // Rejecting asks for confirmation in the page first.
  if (decision === "Reject and cancel") await confirmReject(page);
  await expect(page.getByTestId("decision-status")).toContainText(reference);
}

/** The reject form's confirmation step: it takes focus; "Yes, reject the order" submits. */
export async function confirmReject(page: Page): Promise<void> {
  const group = page.getByRole("group", { name: /^Reject order / });
  await expect(group.getByRole("heading")).toBeFocused();
  await group.getByRole("button", { name: "Yes, reject the order" }).click();
}
