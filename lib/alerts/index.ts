import "server-only";

// Alerts for staff: recorded for the dashboard and delivered by email and a signed webhook,
// with retries. See docs/alerts-webhook.md for receiving the webhook.
export { deliverAlert, raiseAlert, recordAlert } from "./raise";
export { deliverPendingAlerts, MAX_ATTEMPTS, retryDelayMs, type DeliveryRun } from "./deliver";
export { defaultAlertDeps } from "./deps";
export { ALERTS_PAGE_SIZE, lastAlertDelivery, listAlerts, markAlertRead, unreadAlertCount, type LastAlertDelivery } from "./inbox";
export { SIGNATURE_HEADER, signAlertPayload, verifyAlertSignature } from "./signature";
export { ALERT_KINDS, type AlertDeps, type AlertEnv, type AlertInput, type AlertKind, type AlertMessage, type AlertWebhookPayload } from "./types";
