"use server";
import { redirect } from "next/navigation";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { acceptInvite } from "@/lib/admin/invites";
import { adminNetworkAllows } from "@/lib/admin/network";
import { currentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { requestContext } from "@/lib/http/request-context";

export async function acceptInviteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const [actor, ctx] = await Promise.all([currentUser(), requestContext()]);
    if (!adminNetworkAllows(ctx.ip, env().ADMIN_ALLOWED_NETWORKS))
      throw new AppError("NOT_FOUND", "That page could not be found.");
    const { role } = await acceptInvite(db(), actor, formObject(form), { ip: ctx.ip });
    return `You are now ${role.toLowerCase()}.`;
  }, form);
  // Next: the 2FA gate, then the policy, then the dashboard.
  if (state.ok) redirect("/admin");
  return state;
}
