import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AcceptInviteForm } from "@/components/admin/accept-invite-form";
import { adminNetworkAllows } from "@/lib/admin/network";
import { currentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { requestContext } from "@/lib/http/request-context";
import { acceptInviteAction } from "./actions";

export const metadata: Metadata = { title: "Staff invitation", robots: { index: false } };

// The one admin URL a non-staff user may open: accepting an invitation (lib/admin/invites.ts).
// The token lives in the fragment and is checked only when posted, by the signed-in invitee.
export default async function InvitePage() {
  const ctx = await requestContext();
  if (!adminNetworkAllows(ctx.ip, env().ADMIN_ALLOWED_NETWORKS)) notFound();
  const actor = await currentUser();
  return (
    <div className="flex max-w-xl flex-col gap-4">
      <h1 className="text-3xl font-bold">Join the admin team</h1>
      {actor ? (
        <>
          <p className="text-gray-800">
            You are signed in as <strong>{actor.email}</strong>. The invitation must have been sent to this address.
          </p>
          <AcceptInviteForm action={acceptInviteAction} />
        </>
      ) : (
        <p className="text-gray-800">
          <Link href="/signin?next=/account" className="font-medium text-blue-800 underline">
            Sign in
          </Link>{" "}
          (or create an account) with the email address the invitation was sent to, then open the link from the email
          again.
        </p>
      )}
    </div>
  );
}
