import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../e2e/support/axe";
import { query } from "./support/server";
import { staffPage } from "./support/staff";

// The security center (/admin/security): the posture checklist with the e2e server's real
// states, for admins only.

test("an admin sees the live checklist with the server's real states; reviewers get 403", async ({ browser }) => {
  const admin = await staffPage(browser, "admin");
  const reviewer = await staffPage(browser, "reviewer");
  const { page } = admin;
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Security center" }).click();
  await expect(page).toHaveURL(/\/admin\/security$/);
  await expect(page.getByRole("heading", { name: "Security center", level: 1 })).toBeVisible();
  const items = page.getByTestId("posture-checklist").getByRole("listitem");
  await expect(items).toHaveCount(11);
  for (const item of await items.all()) {
    await expect(item).toHaveAttribute("data-status", /^(green|amber|red)$/);
    await expect(item.getByTestId("posture-detail")).toHaveText(/\S/);
    await expect(item.getByTestId("posture-fix")).toHaveText(/How to fix: \S/);
  }

  // The server runs behind server.ts (client addresses from the connection) on this Node.js.
  const runtime = page.getByTestId("posture-runtime");
  await expect(runtime).toContainText(`Node.js ${process.version}`);
  await expect(runtime).toContainText("Client addresses come from each connection");

  // ADMIN_ALLOWED_NETWORKS is unset on the e2e server: amber, with the fix.
  const allowlist = page.getByTestId("posture-admin-allowlist");
  await expect(allowlist).toHaveAttribute("data-status", "amber");
  await expect(allowlist).toContainText("ADMIN_ALLOWED_NETWORKS is not set");
  await expect(allowlist.getByTestId("posture-status")).toHaveText("Needs attention");

  // Staff 2FA reflects the database: red while any staff account lacks it, green otherwise.
  const staff = query<{ total: number; without: number }>(
    `SELECT COUNT(*) AS total, SUM(totpEnabledAt IS NULL) AS without FROM User WHERE role IN ('ADMIN', 'REVIEWER')`,
  )[0]!;
  const twoFactor = page.getByTestId("posture-staff-two-factor");
  if (staff.without > 0) {
    await expect(twoFactor).toHaveAttribute("data-status", "red");
    await expect(twoFactor).toContainText(`${staff.without} of ${staff.total} staff`);
  } else {
    await expect(twoFactor).toHaveAttribute("data-status", "green");
  }

  // STAFF_REQUIRE_PASSKEY is off on this instance: amber, naming the setting.
  const passkeys = page.getByTestId("posture-staff-passkeys");
  await expect(passkeys).toHaveAttribute("data-status", "amber");
  await expect(passkeys).toContainText("STAFF_REQUIRE_PASSKEY=1");

  // HTTP on loopback: APP_URL is http in production mode → red with the HTTPS fix.
  await expect(page.getByTestId("posture-https")).toHaveAttribute("data-status", "red");
  await expect(page.getByTestId("posture-https")).toContainText("APP_URL is http://localhost");
  // Opening the page verified the audit chain just now.
  await expect(page.getByTestId("posture-audit-chain")).toHaveAttribute("data-status", "green");
  await expect(page.getByTestId("posture-audit-chain")).toContainText("verified intact");
  // Installed versions come from node_modules; no npm audit has been recorded for this server.
  const next = (JSON.parse(readFileSync("node_modules/next/package.json", "utf8")) as { version: string }).version;
  await expect(page.getByTestId("posture-dependencies")).toContainText(`next ${next}`);
  // Secrets: the e2e server's generated secrets are strong, but DEMO_MODE is on in production.
  await expect(page.getByTestId("posture-secrets")).toContainText("DEMO_MODE is on in production");
  // A secret value never appears on the page.
  expect(await page.content()).not.toMatch(/sk_test_e2e_|whsec_/);
  await expectNoAxeViolations(page);

  const r = await reviewer.page.goto("/admin/security");
  expect(r?.status()).toBe(403);
  await expect(reviewer.page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(reviewer.page.getByTestId("posture-checklist")).toHaveCount(0);
  await admin.context.close();
  await reviewer.context.close();
});
