import "server-only";
import { renderEmail } from "@/lib/email";
import type { AlertEnv, AlertKind, AlertWebhookPayload } from "./types";

// What an alert says, by email and by webhook. Everything in an alert (messages, evidence) may
// carry values a shopper typed, so the email goes through renderEmail, which escapes it all,
// and the subject keeps no control characters (the mailer would refuse them).

export type AlertForDelivery = {
  id: string;
  kind: string;
  rule: string | null;
  orderId: string | null;
  message: string;
  evidence: string;
  createdAt: Date;
  order: { reference: string } | null;
};

const TAG: Record<AlertKind, string> = {
  FRAUD_RULE: "Fraud alert",
  PAYMENT_MISMATCH: "Payment alert",
  AUTHORIZATION_EXPIRING: "Authorization alert",
  AUTHORIZATION_EXPIRED: "Authorization alert",
  DISPUTE: "Dispute alert",
  CARD_TESTING: "Checkout shield",
  EARLY_FRAUD_WARNING: "Fraud warning",
};

const WHAT: Record<AlertKind, string> = {
  FRAUD_RULE: "fraud rule",
  PAYMENT_MISMATCH: "payment does not match the order",
  AUTHORIZATION_EXPIRING: "authorization expires soon",
  AUTHORIZATION_EXPIRED: "authorization lapsed, order cancelled",
  DISPUTE: "dispute opened",
  CARD_TESTING: "checkout breaker changed",
  EARLY_FRAUD_WARNING: "the card issuer reported this payment as fraud",
};

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const oneLine = (value: string, max: number) => value.replace(CONTROL, " ").trim().slice(0, max);

function kindOf(alert: AlertForDelivery): AlertKind {
  return (alert.kind in TAG ? alert.kind : "FRAUD_RULE") as AlertKind;
}

function dashboardUrl(env: AlertEnv, orderId: string | null): string {
  return new URL(orderId ? `/admin/orders/${encodeURIComponent(orderId)}` : "/admin/alerts", env.APP_URL).href;
}

function parseEvidence(evidence: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(evidence);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { value: parsed };
  } catch {
    return {};
  }
}

/** "key: value" lines, one per evidence field, values shortened. */
export function evidenceLines(evidence: Record<string, unknown>): string[] {
  return Object.entries(evidence).map(([key, value]) => {
    const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
    return `${oneLine(key, 80)}: ${oneLine(text, 500)}`;
  });
}

export function alertSubject(alert: AlertForDelivery): string {
  const kind = kindOf(alert);
  const what =
    kind === "FRAUD_RULE" || kind === "DISPUTE" || kind === "CARD_TESTING" ? (alert.rule ?? WHAT[kind]) : WHAT[kind];
  const order = alert.order ? `Order ${alert.order.reference}: ` : "";
  return oneLine(`[${TAG[kind]}] ${order}${what}`, 200);
}

export function alertEmail(env: AlertEnv, alert: AlertForDelivery): { subject: string; text: string; html: string } {
  const lines = evidenceLines(parseEvidence(alert.evidence));
  const rendered = renderEmail({
    heading: alertSubject(alert),
    paragraphs: [
      alert.message,
      ...(alert.rule ? [`Rule: ${alert.rule}`] : []),
      ...(lines.length > 0 ? ["Evidence:", ...lines] : []),
      `Raised at ${alert.createdAt.toISOString()}.`,
    ],
    action: {
      label: alert.orderId ? "Open the order in the dashboard" : "Open the alerts in the dashboard",
      url: dashboardUrl(env, alert.orderId),
    },
  });
  return { subject: alertSubject(alert), ...rendered };
}

export function alertWebhookBody(env: AlertEnv, alert: AlertForDelivery): string {
  const payload: AlertWebhookPayload = {
    id: alert.id,
    kind: kindOf(alert),
    rule: alert.rule,
    orderId: alert.orderId,
    message: alert.message,
    evidence: parseEvidence(alert.evidence),
    createdAt: alert.createdAt.toISOString(),
    dashboardUrl: dashboardUrl(env, alert.orderId),
  };
  return JSON.stringify(payload);
}
