import "server-only";

// Alerts for staff: recorded for the dashboard and delivered by email and a signed webhook,
// with retries. See docs/alerts-webhook.md for receiving the webhook.
export { deliverAlert, raiseAlert, recordAlert } from "./raise";
export { deliverPendingAlerts, MAX_ATTEMPTS } from "./deliver";
export { defaultAlertDeps } from "./deps";
export { lastAlertDelivery, listAlerts, markAlertRead, unreadAlertCount } from "./inbox";
export { SIGNATURE_HEADER, verifyAlertSignature } from "./signature";
export type { AlertDeps, AlertMessage } from "./types";
