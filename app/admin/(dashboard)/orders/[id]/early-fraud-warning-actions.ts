"use server";
import { refresh } from "next/cache";
import { adminAction } from "@/lib/admin/request-guards";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { formatMoney } from "@/lib/catalog/format";
import { db } from "@/lib/db";
import { refundAndBlockCard } from "@/lib/payments/early-fraud-warnings";
import { stripe } from "@/lib/payments/stripe";

// "Refund and block this card" (components/admin/early-fraud-warning.tsx): the admin gate, then
// refundAndBlockCard, which checks both permissions it uses again.
export async function refundAndBlockAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("orders.refund");
    const result = await refundAndBlockCard(db(), stripe(), staff, formObject(form), { ip });
    refresh();
    const refunded =
      result.refundedCents > 0
        ? `Refund of ${formatMoney(result.refundedCents, result.currency)} sent to Stripe`
        : "Nothing was left to refund";
    return `${refunded}; the card is ${result.blocked === "added" ? "now" : "already"} on the block list.`;
  }, form);
}
