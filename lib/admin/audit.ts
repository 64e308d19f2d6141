import "server-only";
import { z } from "zod";
import { verifyAuditChain } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { parseInput } from "@/lib/validation";

// The audit log for admins: a page of entries (newest first) and, on request, a check of the
// whole hash chain (lib/audit).

const AUDIT_PAGE_SIZE = 50;

const auditSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9._-]{0,63}$/)
    .optional()
    .catch(undefined),
  verify: z.enum(["1"]).optional().catch(undefined),
});

export async function auditForAdmin(db: Db, actor: Actor | null, input: unknown) {
  requirePermission(actor, "audit.view");
  const { page, action, verify } = parseInput(auditSchema, input);
  const where = action ? { action } : {};
  const [total, rows, chain] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      orderBy: { seq: "desc" },
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: { seq: true, at: true, actorEmail: true, action: true, target: true, detail: true, ip: true },
    }),
    verify === "1" ? verifyAuditChain(db) : Promise.resolve(null),
  ]);
  return { page, action, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), rows, chain };
}
