import "server-only";
import { env } from "@/lib/env";
import { mailer } from "@/lib/notify/store-mailer";
import type { AlertDeps } from "./types";

/** The running store's delivery channels: the app mailer, global fetch and the validated env. */
export function defaultAlertDeps(): AlertDeps {
  const config = env();
  return {
    send: (message) => mailer().send(message),
    fetch: (...args) => fetch(...args),
    env: {
      APP_URL: config.APP_URL,
      ALERT_EMAIL: config.ALERT_EMAIL,
      ALERT_WEBHOOK_URL: config.ALERT_WEBHOOK_URL,
      ALERT_WEBHOOK_SECRET: config.ALERT_WEBHOOK_SECRET,
    },
  };
}
