import "server-only";
import type { Db } from "@/lib/db";
import { sendOrderEmail } from "@/lib/orders/emails";

export type MismatchInfo = { orderId: string; paymentIntentId: string; amount: number; currency: string; expectedAmount: number; expectedCurrency: string };

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
    console.error(`[mail] order ${orderId}: could not send the ${kind} email`, error instanceof Error ? error.message : "unknown");
  }
}

export const orderEvents: OrderEvents = {
  paid: (db, orderId) => notify(db, orderId, "confirmed"),
  held: (db, orderId) => notify(db, orderId, "under-review"),
  mismatch: async () => undefined,
};
