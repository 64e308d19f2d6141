"use server";
import { refresh } from "next/cache";
import { adminAction } from "@/lib/admin/request-guards";
import { claimOrder } from "@/lib/admin/claims";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { db } from "@/lib/db";
import { requestDates } from "@/lib/dates/request";

// The queue's action: take a held order for review, or release it (lib/admin/claims.ts). Kept
// apart from ./actions.ts so the queue and the decision forms change independently.
export async function claimOrderAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("orders.decide");
    const result = await claimOrder(db(), staff, formObject(form), { now: new Date(), ip });
    refresh();
    if (result.intent === "release") return `Released order ${result.reference}: anyone may take it.`;
    const until = result.until ? ` until ${(await requestDates())(result.until, "time")}` : "";
    return result.takenOverFrom
      ? `You took over order ${result.reference} from ${result.takenOverFrom}${until}.`
      : `Order ${result.reference} is assigned to you${until}.`;
  }, form);
}
