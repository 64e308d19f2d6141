"use server";
import { refresh } from "next/cache";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { adminAction } from "@/lib/admin/request-guards";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { addBlock, BLOCK_KINDS, removeBlock, type BlockKind } from "@/lib/fraud/blocklist";

// /admin/blocklist's actions: the admin gate, then the domain function (which checks again).

export async function addBlockAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const fields = formObject(form);
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("orders.decide");
    const kind = String(fields.kind ?? "");
    if (!(BLOCK_KINDS as readonly string[]).includes(kind))
      throw new AppError("VALIDATION", "Choose what to block.", { kind: "Choose what to block." });
    const days = String(fields.days ?? "").trim();
    if (days !== "" && !/^\d{1,4}$/.test(days))
      throw new AppError("VALIDATION", "Enter a whole number of days, or leave it empty for no expiry.", {
        days: "Enter a whole number of days, or leave it empty.",
      });
    const expiresAt = days === "" || days === "0" ? null : new Date(Date.now() + Number(days) * 86_400_000);
    const entry = await addBlock(
      db(),
      staff,
      { kind: kind as BlockKind, value: String(fields.value ?? ""), reason: String(fields.reason ?? ""), expiresAt },
      { ip },
    );
    refresh();
    return `Blocked ${entry.value}.`;
  }, form);
  return state.ok ? state : { ...state, values: fields };
}

export async function removeBlockAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("orders.decide");
    await removeBlock(db(), staff, String(formObject(form).id ?? ""), { ip });
    refresh();
    return "Removed from the block list.";
  }, form);
}
