import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { purgeExpiredPersonalData, retentionPeriods } from "./retention";

/** The in-server scheduler's retention job (lib/startup.ts); `npm run sweep` calls the same purge. */
export async function runScheduledRetention(): Promise<void> {
  await purgeExpiredPersonalData(db(), retentionPeriods(env()));
}
