import { combine, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// A fraud rule that holds an order is only useful if staff hear about it before the card
// authorization lapses (7 days), so every configured channel and the last delivery matter.
export function checkAlertDelivery({ env, lastAlertDelivery: last }: PostureInput): PostureResult {
  const findings: Finding[] = [];
  const email = env.ALERT_EMAIL;
  const webhook = env.ALERT_WEBHOOK_URL && env.ALERT_WEBHOOK_SECRET ? env.ALERT_WEBHOOK_URL : undefined;
  const production = env.NODE_ENV === "production";

  if (!email && !webhook) {
    findings.push({
      status: "red",
      detail: "No alert channel is configured: held orders show only on the dashboard.",
      fix: "Set ALERT_EMAIL (and optionally ALERT_WEBHOOK_URL with ALERT_WEBHOOK_SECRET).",
    });
  } else {
    if (!email) {
      findings.push({
        status: "amber",
        detail: "ALERT_EMAIL is not set.",
        fix: "Set ALERT_EMAIL to a mailbox staff watch.",
      });
    } else if (production && !env.SMTP_URL) {
      findings.push({
        status: "amber",
        detail: `Alerts go to ${email}, but SMTP_URL is not set, so they stay in the outbox.`,
        fix: "Set SMTP_URL so alert emails are really sent.",
      });
    } else {
      findings.push({ status: "green", detail: `Alert emails go to ${email}.` });
    }
    if (!webhook) {
      findings.push({ status: "green", detail: "No alert webhook (optional)." });
    } else if (production && !webhook.startsWith("https://")) {
      findings.push({
        status: "amber",
        detail: "The alert webhook URL is not https.",
        fix: "Use an https:// ALERT_WEBHOOK_URL.",
      });
    } else {
      findings.push({ status: "green", detail: `Signed alert webhook to ${new URL(webhook).host}.` });
    }
  }

  if (!last) {
    findings.push({
      status: "amber",
      detail: "No alert has been delivered yet, so delivery is unproven.",
      fix: "Send a test alert and confirm it arrives.",
    });
  } else if (!last.ok) {
    findings.push({
      status: "red",
      detail: `The last alert (${last.channel}, ${last.at.toISOString()}) failed${last.error ? `: ${last.error}` : ""}.`,
      fix: `Fix the ${last.channel === "email" ? "SMTP settings or ALERT_EMAIL" : "webhook endpoint or ALERT_WEBHOOK_URL"}, then send a test alert.`,
    });
  } else {
    findings.push({
      status: "green",
      detail: `The last alert (${last.channel}, ${last.at.toISOString()}) was delivered.`,
    });
  }
  return combine("alerts", "Fraud alert delivery", findings);
}
