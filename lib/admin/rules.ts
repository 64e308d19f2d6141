import "server-only";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { effectiveRules } from "@/lib/fraud/settings";

/** Every fraud rule with its effective settings, for the admin-only rules page. */
export async function rulesForAdmin(db: Db, actor: Actor | null) {
  requirePermission(actor, "rules.manage");
  return effectiveRules(db);
}

/** "minOrders" → "Min orders", for form labels. */
export function settingLabel(key: string): string {
  const words = key.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
