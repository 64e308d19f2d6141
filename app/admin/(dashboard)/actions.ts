"use server";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { appendAudit } from "@/lib/audit/log";
import { markOrderAlertsRead, markRead } from "@/lib/admin/alerts";
import { adminAction } from "@/lib/admin/request-guards";
import { inviteStaff } from "@/lib/admin/invites";
import { acknowledgePolicy } from "@/lib/admin/policy";
import { ruleFormInput } from "@/lib/admin/rules";
import { endStaffSessions, setRole } from "@/lib/admin/staff";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { applyPreset, saveRuleConfig, savePolicy } from "@/lib/fraud/settings";
import { sendAfterResponse } from "@/lib/notify/store-mailer";
import { PRESETS } from "@/lib/fraud/presets";
import { approveOrder, confirmApproval, proposeApproval, rejectOrder } from "@/lib/orders/staff-decisions";
import { stripe } from "@/lib/payments/stripe";
import { requestDates } from "@/lib/dates/request";

// The dashboard's server actions. Each passes the request through the admin gate (allowlist,
// role, 2FA, permission, policy), then calls one domain function, which checks the actor again.

export async function decideAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = formObject(form);
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("orders.decide");
    if (input.decision === "approve") {
      const result = await approveOrder(db(), stripe(), staff, input, { ip });
      refresh();
      return `Order ${result.reference} approved: the payment was captured.`;
    }
    if (input.decision === "propose") {
      const result = await proposeApproval(db(), staff, input, { ip });
      refresh();
      return `Approval of order ${result.reference} proposed: nothing is captured until another staff member confirms it (before ${(await requestDates())(result.expiresAt)}).`;
    }
    if (input.decision === "reject") {
      const result = await rejectOrder(db(), stripe(), staff, input, { ip });
      refresh();
      const blocked = (result.blocked ?? []).map((b) => (b.kind === "CARD" ? "the card" : "the email"));
      return `Order ${result.reference} rejected: the authorization was cancelled, the stock returned and the customer told.${blocked.length ? ` Blocked ${blocked.join(" and ")}.` : ""}`;
    }
    throw new AppError("VALIDATION", "Choose approve or reject.");
  }, form);
  // On failure the form shows what was typed and ticked (never the one-time code).
  return state.ok
    ? state
    : {
        ...state,
        values: {
          reason: input.reason ?? "",
          note: input.note ?? "",
          blockCard: input.blockCard ?? "",
          blockEmail: input.blockEmail ?? "",
        },
      };
}

/** The second staff member's confirmation of a proposed approval. */
export async function confirmApprovalAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = formObject(form);
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("orders.decide");
    const result = await confirmApproval(db(), stripe(), staff, input, { ip });
    refresh();
    return `Order ${result.reference} approved by two people: the payment was captured.`;
  }, form);
  return state.ok ? state : { ...state, values: { confirmNote: input.confirmNote ?? "" } };
}

export async function saveRuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const fields = formObject(form);
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("rules.manage");
    const { config, before } = await saveRuleConfig(db(), staff, ruleFormInput(fields));
    await appendAudit(db(), {
      actor: { id: staff.id, email: staff.email },
      action: "rules.save",
      target: `rule:${config.id}`,
      detail: { before, after: config },
      ip,
    });
    refresh();
    return `Saved the settings of ${config.id}.`;
  }, form);
  // On failure the form shows what the admin typed, not the saved settings.
  return state.ok ? state : { ...state, values: fields };
}

export async function applyPresetAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("rules.manage");
    const { preset } = await applyPreset(db(), staff, formObject(form).preset, (tx, change) =>
      appendAudit(tx, {
        actor: { id: staff.id, email: staff.email },
        action: "rules.preset",
        target: `preset:${change.preset}`,
        detail: change,
        ip,
      }).then(() => undefined),
    );
    refresh();
    return `Applied the preset "${PRESETS.find((p) => p.id === preset)?.title ?? preset}".`;
  }, form);
}

export async function saveHoldScoreAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const fields = formObject(form);
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("rules.manage");
    const { policy, before } = await savePolicy(db(), staff, { holdScore: fields.holdScore ?? "" });
    await appendAudit(db(), {
      actor: { id: staff.id, email: staff.email },
      action: "rules.hold-score",
      target: "policy:store",
      detail: { before, after: policy },
      ip,
    });
    refresh();
    return policy.holdScore === null
      ? "The hold score is off: only HOLD rules hold payments."
      : `Payments scoring ${policy.holdScore} or more are held.`;
  }, form);
  return state.ok ? state : { ...state, values: fields };
}

export async function markAlertReadAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff } = await adminAction("alerts.view");
    await markRead(db(), staff, formObject(form));
    refresh();
    return "Marked as read.";
  }, form);
}

export async function markOrderAlertsReadAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff } = await adminAction("alerts.view");
    const count = await markOrderAlertsRead(db(), staff, formObject(form));
    refresh();
    return `Marked ${count} alert${count === 1 ? "" : "s"} as read.`;
  }, form);
}

export async function setRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("staff.manage");
    const change = await setRole(db(), staff, formObject(form), { ip });
    refresh();
    return change.from === change.to
      ? `${change.email} is already ${change.to.toLowerCase()}.`
      : `${change.email} is now ${change.to.toLowerCase()}.`;
  }, form);
}

export async function endStaffSessionsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("staff.manage");
    const { email, ended } = await endStaffSessions(db(), staff, formObject(form), { now: new Date(), ip });
    refresh();
    return ended === 0
      ? `${email} had no open sessions.`
      : `Ended ${ended} session${ended === 1 ? "" : "s"} of ${email}.`;
  }, form);
}

export async function inviteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("staff.manage");
    const invite = await inviteStaff(db(), staff, formObject(form), {
      appUrl: env().APP_URL.replace(/\/$/, ""),
      send: sendAfterResponse,
      ip,
    });
    refresh();
    return `Invitation sent to ${invite.email} as ${invite.role.toLowerCase()}. It works for 7 days.`;
  }, form);
}

export async function acknowledgePolicyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("orders.view", { skipPolicy: true });
    await acknowledgePolicy(db(), staff, formObject(form), { ip });
    return "Thank you.";
  }, form);
  if (state.ok) redirect("/admin");
  return state;
}
