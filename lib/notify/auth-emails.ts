import "server-only";
import { renderEmail, type MailMessage } from "@/lib/email";

// The account emails. Values from users (names, user agents) are escaped by renderEmail.

const message = (to: string, subject: string, content: Parameters<typeof renderEmail>[0]): MailMessage => ({
  to,
  subject,
  ...renderEmail(content),
});

export const welcomeEmail = (to: string, name: string, appUrl: string) =>
  message(to, "Welcome to Secure Store", {
    heading: `Welcome, ${name}`,
    paragraphs: [
      "Your account is ready. Sign in with your email address and the password you chose.",
      "For extra protection, turn on two-factor authentication from your account's security page.",
    ],
    action: { label: "Sign in", url: `${appUrl}/signin` },
  });

// Sent instead of the welcome email when someone registers with an address that already has an
// account: the form shows the same outcome either way, only the owner of the inbox learns more.
export const existingAccountEmail = (to: string, appUrl: string) =>
  message(to, "Someone tried to create an account with your email", {
    heading: "You already have an account",
    paragraphs: [
      "Someone (hopefully you) just tried to create a Secure Store account with this email address, which already has one. No new account was created.",
      "If it was you, sign in, or reset your password if you forgot it. If not, you can ignore this email.",
    ],
    action: { label: "Reset your password", url: `${appUrl}/forgot-password` },
  });

export const resetEmail = (to: string, resetUrl: string) =>
  message(to, "Reset your Secure Store password", {
    heading: "Reset your password",
    paragraphs: [
      "Use the link below within 30 minutes to choose a new password. It works once.",
      "If you did not ask for this, ignore this email: your password stays the same.",
    ],
    action: { label: "Choose a new password", url: resetUrl },
  });

export const passwordChangedEmail = (to: string, appUrl: string) =>
  message(to, "Your Secure Store password was changed", {
    heading: "Your password was changed",
    paragraphs: [
      "The password of your account was just changed and your other sessions were signed out.",
      "If this was not you, reset your password now and review your account's security page.",
    ],
    action: { label: "Reset your password", url: `${appUrl}/forgot-password` },
  });

export const twoFactorChangedEmail = (to: string, enabled: boolean, appUrl: string) =>
  message(to, `Two-factor authentication was turned ${enabled ? "on" : "off"}`, {
    heading: `Two-factor authentication is ${enabled ? "on" : "off"}`,
    paragraphs: [
      enabled
        ? "Signing in to your account now needs a code from your authenticator app (or one of your recovery codes)."
        : "Signing in to your account now needs only your password.",
      "If this was not you, reset your password now and review your account's security page.",
    ],
    action: { label: "Review your account security", url: `${appUrl}/account/security` },
  });

export const newSignInEmail = (
  to: string,
  facts: { device: string; ip: string; country: string | null; at: Date },
  appUrl: string,
) =>
  message(to, "New sign-in to your Secure Store account", {
    heading: "New sign-in to your account",
    paragraphs: [
      `Your account was signed in to from a device or country we have not seen before: ${facts.device}, IP ${facts.ip}${facts.country ? ` (${facts.country})` : ""}, at ${facts.at.toISOString()}.`,
      "If this was you, there is nothing to do. If not, reset your password and sign out the other sessions from your account's security page.",
    ],
    action: { label: "Review your sessions", url: `${appUrl}/account/security` },
  });

export const passkeyAddedEmail = (to: string, name: string, appUrl: string) =>
  message(to, "A passkey was added to your Secure Store account", {
    heading: "A new passkey can sign in to your account",
    paragraphs: [
      `A passkey named "${name}" was just added to your account. It can sign in without your password or an authenticator code.`,
      "If this was not you, remove it from your account's security page now and change your password.",
    ],
    action: { label: "Review your passkeys", url: `${appUrl}/account/security` },
  });

export const passkeyRemovedEmail = (to: string, name: string, appUrl: string) =>
  message(to, "A passkey was removed from your Secure Store account", {
    heading: "A passkey was removed",
    paragraphs: [
      `The passkey named "${name}" was removed from your account and can no longer sign in.`,
      "If this was not you, change your password and review your account's security page.",
    ],
    action: { label: "Review your account security", url: `${appUrl}/account/security` },
  });
