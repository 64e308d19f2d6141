import { combine, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// Test keys and the emulator are right for development and wrong for a store taking money;
// a live key is the reverse. Only the key's prefix is ever shown.
export function checkStripeMode({ env }: PostureInput): PostureResult {
  const findings: Finding[] = [];
  const key = env.STRIPE_SECRET_KEY;
  const production = env.NODE_ENV === "production";
  const live = key?.includes("_live_") ?? false;
  const restricted = key?.startsWith("rk_") ?? false;
  const kind = `${restricted ? "restricted" : "secret"} ${live ? "live" : "test"} key`;

  if (!key) {
    findings.push({
      status: "red",
      detail: "STRIPE_SECRET_KEY is not set: checkout cannot work.",
      fix: "Set STRIPE_SECRET_KEY from the Stripe dashboard.",
    });
  } else if (env.STRIPE_API_URL) {
    if (live) {
      findings.push({
        status: "red",
        detail: "A live Stripe key is configured together with the local emulator.",
        fix: "Remove STRIPE_API_URL, or use a test key.",
      });
    } else if (production && !env.DEMO_MODE) {
      findings.push({
        status: "red",
        detail: "A production store is using the local Stripe emulator.",
        fix: "Remove STRIPE_API_URL and use your Stripe keys.",
      });
    } else {
      findings.push({
        status: "amber",
        detail: "Payments go to the local Stripe emulator: no real money moves.",
        fix: "For a real store, remove STRIPE_API_URL and set your Stripe live keys.",
      });
    }
  } else if (live) {
    findings.push(
      production
        ? { status: "green", detail: `Stripe live mode (${kind}).` }
        : {
            status: "amber",
            detail: `A live Stripe key is used outside production: real cards can be charged.`,
            fix: "Use a sk_test_ key outside production.",
          },
    );
  } else {
    findings.push(
      production
        ? {
            status: "amber",
            detail: `Stripe test mode (${kind}): orders are not really paid.`,
            fix: "Set your sk_live_ (or rk_live_) key and its webhook secret.",
          }
        : { status: "green", detail: `Stripe test mode (${kind}), as expected outside production.` },
    );
  }

  findings.push(
    env.STRIPE_WEBHOOK_SECRET
      ? { status: "green", detail: "The webhook signing secret is set." }
      : {
          status: "red",
          detail: "STRIPE_WEBHOOK_SECRET is not set: payment events cannot be verified.",
          fix: "Set STRIPE_WEBHOOK_SECRET to the signing secret of the store's webhook endpoint.",
        },
  );
  return combine("stripe-mode", "Stripe mode and webhook secret", findings);
}
