"use server";
import { refresh } from "next/cache";
import { refundFormInput } from "@/lib/admin/money";
import { adminAction } from "@/lib/admin/guards";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { formatMoney } from "@/lib/catalog/format";
import { db } from "@/lib/db";
import { refundOrder } from "@/lib/payments/refunds";
import { stripe } from "@/lib/payments/stripe";

// The refund form's action: the admin gate, then refundOrder, which checks the actor again.
export async function refundAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("orders.refund");
    const result = await refundOrder(db(), stripe(), staff, refundFormInput(formObject(form)), { ip });
    refresh();
    return `Refund of ${formatMoney(result.amountCents, result.currency)} sent to Stripe. The order updates when Stripe confirms it.`;
  });
}
