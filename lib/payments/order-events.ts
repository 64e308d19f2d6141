import "server-only";
import type { Db } from "@/lib/db";
import { raiseAlert } from "@/lib/alerts";
import { raiseRuleAlerts } from "@/lib/fraud/alerts";
import { sendOrderEmail } from "@/lib/orders/emails";
import { errorKind, logger } from "@/lib/logging/logger";

const log = logger.child({ component: "mail" });

export type MismatchInfo = {
  orderId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  expectedAmount: number;
  expectedCurrency: string;
};

/** What happens around a payment state change besides the state itself (emails, alerts). */
export type OrderEvents = {
  paid(db: Db, orderId: string): Promise<void>;
  held(db: Db, orderId: string): Promise<void>;
  mismatch(db: Db, info: MismatchInfo): Promise<void>;
};

// An email that fails must not fail the state change it reports (the webhook would be retried
// and find the order already handled), so delivery problems are logged instead.
async function notify(db: Db, orderId: string, kind: Parameters<typeof sendOrderEmail>[2]): Promise<void> {
  try {
    await sendOrderEmail(db, orderId, kind);
  } catch (error) {
    log.error({ orderId, template: kind, err: errorKind(error) }, "could not send the order email");
  }
}

// Alerts are raised by whichever delivery won the state change, so a redelivered webhook never
// raises them twice.
export const orderEvents: OrderEvents = {
  async paid(db, orderId) {
    await raiseRuleAlerts(db, orderId);
    await notify(db, orderId, "confirmed");
  },
  async held(db, orderId) {
    await raiseRuleAlerts(db, orderId);
    await notify(db, orderId, "under-review");
  },
  async mismatch(db, info) {
    // Several events report the same authorization; staff need one alert per order.
    if (await db.alert.findFirst({ where: { kind: "PAYMENT_MISMATCH", orderId: info.orderId }, select: { id: true } }))
      return;
    await raiseAlert(db, {
      kind: "PAYMENT_MISMATCH",
      orderId: info.orderId,
      message: `The authorized payment does not match order ${info.orderId}: nothing was captured.`,
      evidence: { ...info },
    });
  },
};
