import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

// The store's security policy for staff. Raise POLICY_VERSION whenever the text changes in
// substance: every staff member then reads and acknowledges it again before the dashboard opens.
export const POLICY_VERSION = 1;

export const POLICY_POINTS: readonly { title: string; text: string }[] = [
  {
    title: "Protect customer data",
    text: "Look at a customer's details only to review their order. Never copy names, addresses or order details out of the dashboard, and never share them with anyone outside the review team.",
  },
  {
    title: "Never send card data",
    text: "The store never holds card numbers, and neither do you: never ask for, write down or send card numbers or security codes by email, chat or phone. Last 4 digits and the card's fingerprint are all a review needs.",
  },
  {
    title: "Report phishing",
    text: "Nobody from the store will ask for your password or an authenticator code. Report any message that does, or any link that looks like our sign-in page but is not, to the security contact at once.",
  },
  {
    title: "Use two-factor authentication",
    text: "Keep your authenticator app on a device only you use, store your recovery codes offline, and tell an admin straight away if you lose either.",
  },
  {
    title: "Use the VPN or an allowed network",
    text: "Open the dashboard only from the office network or the company VPN, never from a shared or public computer. Sign out when you are done.",
  },
];

export async function needsPolicyAck(db: Db, actor: Actor): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { policyAckVersion: true } });
  return (user?.policyAckVersion ?? 0) < POLICY_VERSION;
}

const ackSchema = z.object({
  version: z.coerce
    .number()
    .int()
    .refine((v) => v === POLICY_VERSION, "The policy changed while you were reading it; please read it again."),
  confirm: z.literal("yes", { error: "Tick the box to confirm you have read the policy." }),
});

/** Records that the staff member read the current policy (audited). */
export async function acknowledgePolicy(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { ip }: { ip?: string } = {},
): Promise<void> {
  const staff = requirePermission(actor, "orders.view");
  const { version } = parseInput(ackSchema, input);
  await inTransaction(db, async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: staff.id }, data: { policyAckVersion: version } });
    if (count !== 1) throw new AppError("NOT_FOUND", "Your account could not be found.");
    await appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action: "policy.acknowledge",
      target: `user:${staff.id}`,
      detail: { version },
      ip,
    });
  });
}
