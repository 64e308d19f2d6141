import { expect, type Page } from "@playwright/test";

// Chromium's virtual authenticator (DevTools protocol): a platform authenticator with resident
// keys and user verification that always succeeds, so the real navigator.credentials flows run.

export async function addVirtualAuthenticator(page: Page): Promise<{
  credentials: () => Promise<{ credentialId: string; signCount: number }[]>;
}> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
  };
}

/** Adds a passkey from the security page (the password is asked again). */
export async function addPasskey(page: Page, name: string, password: string): Promise<void> {
  await page.goto("/account/security");
  const form = page.getByRole("form", { name: "Add a passkey" });
  await form.getByLabel("Name for this passkey").fill(name);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("add-passkey-status")).toHaveText(/added/);
  await expect(page.getByTestId("passkey").filter({ hasText: name })).toBeVisible();
}

export async function signInWithPasskey(page: Page, next = "/account"): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByRole("button", { name: "Use a passkey" }).click();
}
