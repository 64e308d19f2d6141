// Shapes shared by the alert modules. No server-only imports here, so tests and the signature
// helpers can use them anywhere.

export type AlertKind =
  | "FRAUD_RULE"
  | "PAYMENT_MISMATCH"
  | "AUTHORIZATION_EXPIRING"
  | "AUTHORIZATION_EXPIRED"
  | "DISPUTE"
  | "CARD_TESTING"
  | "EARLY_FRAUD_WARNING";

export type AlertChannel = "EMAIL" | "WEBHOOK";

export type AlertInput = {
  kind: AlertKind;
  orderId?: string | null;
  rule?: string | null;
  message: string;
  evidence: Record<string, unknown>;
};

export type AlertMessage = { to: string; subject: string; text: string; html?: string };

export type AlertEnv = {
  APP_URL: string;
  ALERT_EMAIL?: string;
  ALERT_WEBHOOK_URL?: string;
  ALERT_WEBHOOK_SECRET?: string;
};

/** Everything alert delivery talks to; the default uses env(), mailer() and the global fetch. */
export type AlertDeps = {
  send(message: AlertMessage): Promise<void>;
  fetch: typeof fetch;
  env: AlertEnv;
  /** Clock for the immediate delivery attempt in raiseAlert (tests pin it). */
  now?: () => Date;
};

/** The JSON body of an alert webhook. */
export type AlertWebhookPayload = {
  id: string;
  kind: AlertKind;
  rule: string | null;
  orderId: string | null;
  message: string;
  evidence: Record<string, unknown>;
  createdAt: string;
  dashboardUrl: string;
};
