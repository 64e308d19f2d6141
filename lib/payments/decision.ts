import "server-only";
import type { Db } from "@/lib/db";

export type PaymentDecision = { action: "capture" } | { action: "hold"; reason: string };

/**
 * The one seam between an authorized payment and moving money: capture now, or hold the
 * authorization for staff review. The fraud rules plug in here.
 */
export async function decidePayment(_db: Db, _orderId: string): Promise<PaymentDecision> {
  return { action: "capture" };
}
