import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, enableTwoFactor, signIn, useOwnIp as ownIp } from "../../e2e/support/auth";
import { acknowledgePolicy } from "../../e2e/support/admin";
import { port, query } from "./server";

// The seeded demo staff (admin@example.com, reviewer@example.com) enrolled in 2FA once per
// server run; later tests reuse the signed-in browser state. The cache is keyed by the account's
// totpEnabledAt, so a state file left over from an earlier run (a fresh database) is never reused.

export type StaffRole = "admin" | "reviewer";
const EMAIL: Record<StaffRole, string> = { admin: "admin@example.com", reviewer: "reviewer@example.com" };
const dir = `test-results/security-${port}`;
const stateFile = (role: StaffRole) => `${dir}/${role}-state.json`;

const enrolledAt = (role: StaffRole) =>
  query<{ totpEnabledAt: string | number | null }>(`SELECT totpEnabledAt FROM User WHERE email = ?`, EMAIL[role])[0]
    ?.totpEnabledAt ?? null;

export async function staffPage(browser: Browser, role: StaffRole): Promise<{ context: BrowserContext; page: Page }> {
  const stamp = enrolledAt(role);
  const cached = existsSync(stateFile(role))
    ? (JSON.parse(readFileSync(stateFile(role), "utf8")) as { stamp: unknown; state: unknown })
    : null;
  if (stamp !== null && cached && cached.stamp === String(stamp)) {
    const context = await browser.newContext({ storageState: cached.state as never });
    await ownIp(context);
    return { context, page: await context.newPage() };
  }
  const context = await browser.newContext();
  await ownIp(context);
  const page = await context.newPage();
  await signIn(page, EMAIL[role], DEMO_PASSWORD);
  await enableTwoFactor(page);
  await acknowledgePolicy(page);
  await expect(page.getByTestId("admin-heading")).toBeVisible();
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    stateFile(role),
    JSON.stringify({ stamp: String(enrolledAt(role)), state: await context.storageState() }),
  );
  return { context, page };
}
