import { expect, test } from "@playwright/test";
import { acknowledgePolicy } from "./support/admin";
import {
  DEMO_PASSWORD,
  enableTwoFactor,
  signOut,
  submitCode,
  submitPassword,
  totpCode,
  useOwnIp,
} from "./support/auth";
import { addPasskey, addVirtualAuthenticator, signInWithPasskey } from "./support/passkeys";

// Runs against the instance started with STAFF_REQUIRE_PASSKEY=1 (the Playwright project
// "staff-passkey", 70 ports above E2E_PORT): TOTP gets staff to their security page only.

test("with STAFF_REQUIRE_PASSKEY=1 an admin signed in with TOTP cannot reach /admin; with a passkey they can", async ({
  page,
  context,
}) => {
  await useOwnIp(context);
  await addVirtualAuthenticator(page);
  const email = "admin@example.com";
  await submitPassword(page, email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  const { secret } = await enableTwoFactor(page);
  await signOut(page);

  await submitPassword(page, email, DEMO_PASSWORD);
  await submitCode(page, totpCode(secret, 1));
  await expect(page).toHaveURL(/\/account$/);
  for (const path of ["/admin", "/admin/orders", "/admin/staff", "/admin/security"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/account\/security\?required=passkey$/);
  }
  await expect(page.getByTestId("passkey-required")).toContainText("Staff must sign in with a passkey");

  // TOTP is the recovery path: it is enough to add a passkey, then the passkey opens /admin.
  await addPasskey(page, "Admin laptop", DEMO_PASSWORD);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/account\/security\?required=passkey$/);
  await signOut(page);

  await signInWithPasskey(page, "/admin");
  await expect(page).toHaveURL(/\/admin(\/policy)?$/);
  await acknowledgePolicy(page);
  await page.goto("/admin/security");
  await expect(page.getByTestId("posture-staff-passkeys")).toContainText(/Passkeys are required/);
});
