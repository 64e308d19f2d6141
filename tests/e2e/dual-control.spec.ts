import Database from "better-sqlite3";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { enableTwoFactor, register, signIn, totpCode, uniqueEmail, useOwnIp as giveOwnIp } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";
import {
  acknowledgePolicy,
  confirmReject,
  fromAddress,
  GB_IP,
  orderByReference,
  placeHeldOrder,
  query,
  US_IP,
} from "./support/admin";

// Two-person control and block-on-reject end to end: a held order above the two-person amount
// (ADMIN_DUAL_CONTROL_CENTS, 500.00 by default) is proposed by one admin, refused when the same
// admin tries to confirm it, and captured once another admin confirms; a reject that blocks the
// card adds the card to the block list. Steps share state, so they run in order.

const port = Number(process.env.E2E_PORT ?? 3100);

/** This file's own staff: registered accounts promoted in the e2e server's database (as money.spec.ts does). */
function promoteToAdmin(email: string): void {
  const db = new Database(`.data/e2e-${port}.db`);
  try {
    db.prepare(`UPDATE User SET role = 'ADMIN' WHERE email = ?`).run(email);
  } finally {
    db.close();
  }
}

type Staff = { context: BrowserContext; page: Page; email: string; secret: string };

test.describe.serial("two-person approval and block on reject", () => {
  let proposer: Staff;
  let confirmer: Staff;
  let shopper: { context: BrowserContext; page: Page };
  const shopperEmail = uniqueEmail("big-spender");
  const held = { big: "", small: "" };

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    const staff = async (tag: string): Promise<Staff> => {
      const context = await browser.newContext();
      await giveOwnIp(context);
      const page = await context.newPage();
      const email = uniqueEmail(tag);
      await register(page, email, undefined, tag === "proposer" ? "Pat Proposer" : "Cam Confirmer");
      promoteToAdmin(email);
      await signIn(page, email);
      const { secret } = await enableTwoFactor(page);
      await acknowledgePolicy(page);
      return { context, page, email, secret };
    };
    proposer = await staff("proposer");
    confirmer = await staff("confirmer");
    const context = await browser.newContext();
    shopper = { context, page: await context.newPage() };
  });
  test.afterAll(async () => {
    for (const who of [proposer, confirmer, shopper]) await who?.context.close();
  });

  test("a shopper's large order and a small one are held for review", async () => {
    const { context, page } = shopper;
    await fromAddress(context, US_IP);
    await register(page, shopperEmail, undefined, "Gina Tester");
    await signIn(page, shopperEmail);
    await fromAddress(context, GB_IP);
    held.big = await placeHeldOrder(page, shopperEmail, "selvedge-denim-jeans", 4);
    held.small = await placeHeldOrder(page, shopperEmail, "dot-grid-notebook", 1);
    expect(
      query<{ totalCents: number }>(`SELECT totalCents FROM "Order" WHERE reference = ?`, held.big)[0]!.totalCents,
    ).toBeGreaterThan(50_000);
  });

  test("one admin proposes the approval; the same admin is refused as the second approver; nothing is captured", async () => {
    const { page, secret } = proposer;
    const order = orderByReference(held.big);
    await page.goto(`/admin/orders/${order.id}`);
    const form = page.getByTestId("decision-form");
    await expect(form.getByTestId("dual-control-hint")).toContainText("another staff member must confirm");
    await expect(form.getByRole("button", { name: "Approve and capture" })).toHaveCount(0);
    await form.getByLabel("Reason").selectOption({ label: "Verified with the customer" });
    await form
      .getByLabel("Note (why you decided this, for the audit log)")
      .fill("Spoke to the customer about the trip.");
    // A missing step-up code: refused once, with the reason and note kept.
    await form.getByRole("button", { name: "Propose approval" }).click();
    await expect(form.getByText(/enter a current code from your authenticator app/)).toHaveCount(1);
    await expect(form.getByLabel("Note (why you decided this, for the audit log)")).toHaveValue(
      "Spoke to the customer about the trip.",
    );
    await expect(form.getByLabel("Reason")).toHaveValue("verified-with-customer");
    await form.getByLabel("Authenticator code").fill(totpCode(secret, 1));
    await form.getByRole("button", { name: "Propose approval" }).click();
    await expect(page.getByTestId("decision-status")).toContainText(`Approval of order ${held.big} proposed`);
    expect(orderByReference(held.big).status).toBe("HELD");

    const panel = page.getByTestId("proposals-approve");
    await expect(panel.getByTestId("waiting-proposal")).toContainText(`proposed by ${proposer.email}`);
    await expect(panel.getByTestId("proposal-own")).toHaveText(
      "You proposed this: another staff member must confirm it.",
    );
    await expectNoAxeViolations(page);
    // The store refuses the proposer's own confirmation.
    await panel.getByRole("button", { name: "Confirm approval and capture" }).click();
    await expect(page.getByTestId("proposal-status-approve")).toHaveText(
      "You proposed this yourself: another staff member must confirm it.",
    );
    expect(orderByReference(held.big).status).toBe("HELD");
    expect(query(`SELECT status FROM DualControlProposal WHERE orderId = ?`, order.id)).toEqual([
      { status: "PENDING" },
    ]);
    expect(
      query(
        `SELECT actorEmail FROM AuditLog WHERE action = 'order.approve.confirm.refused' AND target = ?`,
        `order:${order.id}`,
      ),
    ).toEqual([{ actorEmail: proposer.email }]);
  });

  test("another admin confirms: the payment is captured once and both steps are on the record", async () => {
    const { page, secret } = confirmer;
    const order = orderByReference(held.big);
    await page.goto(`/admin/orders/${order.id}`);
    const panel = page.getByTestId("proposals-approve");
    await expect(panel.getByTestId("waiting-proposal")).toContainText("Spoke to the customer about the trip.");
    await expect(panel.getByTestId("proposal-own")).toHaveCount(0);
    // The approve button is gone while a proposal waits; rejecting stays possible.
    await expect(page.getByTestId("decision-form").getByRole("button", { name: "Propose approval" })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await panel.getByLabel("Your note (optional)").fill("Agreed after reading the checklist.");
    await panel.getByLabel("Authenticator code").fill(totpCode(secret, 1));
    await panel.getByRole("button", { name: "Confirm approval and capture" }).click();
    await expect(page.getByTestId("proposal-status-approve")).toContainText("approved by two people");
    await expect(page.getByRole("main").getByTestId("status-badge").first()).toHaveAttribute("data-status", "PAID");
    expect(orderByReference(held.big).status).toBe("PAID");
    expect(query(`SELECT status, confirmedByEmail FROM DualControlProposal WHERE orderId = ?`, order.id)).toEqual([
      { status: "CONFIRMED", confirmedByEmail: confirmer.email },
    ]);
    expect(
      query(
        `SELECT action, actorEmail FROM AuditLog WHERE target = ? AND action IN ('order.approve.proposed', 'order.approve.confirmed', 'order.approve') ORDER BY seq`,
        `order:${order.id}`,
      ),
    ).toEqual([
      { action: "order.approve.proposed", actorEmail: proposer.email },
      { action: "order.approve", actorEmail: confirmer.email },
      { action: "order.approve.confirmed", actorEmail: confirmer.email },
    ]);
    await expect(page.getByTestId("proposals-approve").getByTestId("proposal")).toHaveAttribute(
      "data-status",
      "CONFIRMED",
    );
  });

  test("its proposer withdraws a refund proposal, confirming in the page: it can no longer be confirmed and nothing is refunded", async () => {
    const { page } = confirmer;
    const order = orderByReference(held.big);
    const total = query<{ totalCents: number }>(`SELECT totalCents FROM "Order" WHERE id = ?`, order.id)[0]!.totalCents;
    const form = page.getByTestId("refund-form");
    await form.getByLabel("Amount (USD)").fill((total / 100).toFixed(2));
    await form.getByLabel("Reason (for the audit log)").fill("The customer changed their mind.");
    await form.getByRole("button", { name: "Refund", exact: true }).click();
    await page
      .getByRole("group", { name: /^Refund / })
      .getByRole("button", { name: "Yes, propose the refund" })
      .click();
    await expect(page.getByTestId("refund-status")).toContainText("proposed");
    const panel = page.getByTestId("proposals-refund");
    await panel.getByRole("button", { name: "Withdraw proposal" }).click();
    const confirm = panel.getByRole("group", { name: "Withdraw your proposal?" });
    await expect(confirm.getByRole("heading")).toBeFocused();
    await confirm.getByRole("button", { name: "Yes, withdraw it" }).click();
    await expect(page.getByTestId("withdraw-status-refund")).toContainText(
      "Withdrawn: the refund can no longer be confirmed.",
    );
    await expect(panel.getByTestId("proposal")).toHaveAttribute("data-status", "WITHDRAWN");
    await expect(panel.getByTestId("waiting-proposal")).toHaveCount(0);
    expect(query(`SELECT status FROM DualControlProposal WHERE orderId = ? AND kind = 'REFUND'`, order.id)).toEqual([
      { status: "WITHDRAWN" },
    ]);
    expect(
      query(
        `SELECT actorEmail FROM AuditLog WHERE action = 'order.refund.withdrawn' AND target = ?`,
        `order:${order.id}`,
      ),
    ).toEqual([{ actorEmail: confirmer.email }]);
    expect(query(`SELECT id FROM Refund WHERE orderId = ?`, order.id)).toEqual([]);
  });

  test("a reject that blocks the card: confirmed in the page, the card goes on the block list", async () => {
    const { page } = confirmer;
    const order = orderByReference(held.small);
    await page.goto(`/admin/orders/${order.id}`);
    const form = page.getByTestId("decision-form");
    await form.getByLabel("Reason").selectOption({ label: "Stolen card" });
    await form.getByLabel("Note (why you decided this, for the audit log)").fill("The bank says the card was stolen.");
    await form.getByLabel("Block this card").check();
    await form.getByRole("button", { name: "Reject and cancel" }).click();
    await expect(form.getByRole("button", { name: "Reject and cancel" })).toHaveAttribute("aria-expanded", "true");
    await expectNoAxeViolations(page);
    // "Go back" closes the step and returns focus; nothing was sent.
    await form.getByRole("button", { name: "Go back" }).click();
    await expect(form.getByRole("button", { name: "Reject and cancel" })).toBeFocused();
    expect(orderByReference(held.small).status).toBe("HELD");
    await form.getByRole("button", { name: "Reject and cancel" }).click();
    await confirmReject(page);
    await expect(page.getByTestId("decision-status")).toContainText(`Order ${held.small} rejected`);
    await expect(page.getByTestId("decision-status")).toContainText("Blocked the card.");
    expect(orderByReference(held.small).status).toBe("CANCELLED");
    const [payment] = query<{ cardFingerprint: string }>(
      `SELECT cardFingerprint FROM Payment WHERE orderId = ?`,
      order.id,
    );
    expect(
      query(
        `SELECT kind, value, createdByEmail FROM BlockEntry WHERE kind = 'CARD' AND value = ?`,
        payment!.cardFingerprint,
      ),
    ).toEqual([{ kind: "CARD", value: payment!.cardFingerprint, createdByEmail: confirmer.email }]);
    expect(query(`SELECT kind FROM BlockEntry WHERE kind = 'EMAIL' AND value = ?`, shopperEmail)).toEqual([]);
    await page.goto("/admin/blocklist");
    await expect(page.getByText(payment!.cardFingerprint).first()).toBeVisible();
  });
});
