"use server";
import { refresh } from "next/cache";
import { refundFormInput } from "@/lib/admin/money";
import { adminAction } from "@/lib/admin/request-guards";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { formatMoney } from "@/lib/catalog/format";
import { db } from "@/lib/db";
import { withdrawProposal } from "@/lib/orders/dual-control";
import { confirmRefund, refundOrPropose } from "@/lib/payments/refunds";
import { stripe } from "@/lib/payments/stripe";
import { requestDates } from "@/lib/dates/request";

// The refund forms' and proposals' actions: the admin gate, then the domain function, which checks the actor again.
export async function refundAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const fields = formObject(form);
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("orders.refund");
    const result = await refundOrPropose(db(), stripe(), staff, refundFormInput(fields), { ip });
    refresh();
    if (result.kind === "proposed") {
      return `Refund of ${formatMoney(result.amountCents, result.currency)} proposed: nothing is sent until another admin confirms it (before ${(await requestDates())(result.expiresAt)}).`;
    }
    return `Refund of ${formatMoney(result.amountCents, result.currency)} sent to Stripe. The order updates when Stripe confirms it.`;
  }, form);
  // On failure the form shows what was typed (amount or quantities, restock, reason).
  return state.ok ? state : { ...state, values: fields };
}

/** The second admin's confirmation of a proposed refund. */
export async function confirmRefundAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = formObject(form);
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("orders.refund");
    const result = await confirmRefund(db(), stripe(), staff, input, { ip });
    refresh();
    return `Refund of ${formatMoney(result.amountCents, result.currency)} confirmed and sent to Stripe. The order updates when Stripe confirms it.`;
  }, form);
  return state.ok ? state : { ...state, values: { confirmNote: input.confirmNote ?? "" } };
}

/** The proposer takes back their own waiting proposal (approval or refund); the domain checks who. */
export async function withdrawProposalAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("orders.decide");
    const result = await withdrawProposal(db(), staff, formObject(form), { now: new Date(), ip });
    refresh();
    return `Withdrawn: the ${result.kind === "APPROVE" ? "approval" : "refund"} can no longer be confirmed. Nothing was ${result.kind === "APPROVE" ? "captured" : "refunded"}.`;
  });
}
