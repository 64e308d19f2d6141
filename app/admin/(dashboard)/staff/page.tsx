import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { ActionForm } from "@/components/forms/action-form";
import { Field } from "@/components/forms/form-parts";
import { adminPage } from "@/lib/admin/request-guards";
import { POLICY_VERSION } from "@/lib/admin/policy";
import { listStaff } from "@/lib/admin/staff";
import { ROLES } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { endStaffSessionsAction, inviteAction, setRoleAction } from "../actions";
import { LocalDate } from "@/components/layout/local-date";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const gate = await adminPage("/admin/staff", "staff.manage");
  if (!gate.allowed) forbidden();
  const { staff, invites } = await listStaff(db(), gate.staff);
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-3xl font-bold">Staff</h1>
      <section aria-labelledby="staff-heading" className="flex flex-col gap-3">
        <h2 id="staff-heading" className="text-xl font-semibold">
          Team
        </h2>
        <ul className="flex flex-col gap-3" data-testid="staff-list">
          {staff.map((member) => (
            <li
              key={member.id}
              className="flex flex-col gap-2 rounded border border-gray-300 p-3"
              data-testid="staff-member"
              data-email={member.email}
            >
              <p>
                <span className="font-semibold">{member.name}</span> · {member.email} · {member.role.toLowerCase()} ·
                2FA {member.totpEnabledAt ? "on" : "not set up"} · policy{" "}
                {(member.policyAckVersion ?? 0) >= POLICY_VERSION ? "acknowledged" : "not acknowledged"} ·{" "}
                {member._count.passkeys} passkey
                {member._count.passkeys === 1 ? "" : "s"} ·{" "}
                <span data-testid="open-sessions">{member._count.sessions}</span> open session
                {member._count.sessions === 1 ? "" : "s"}
              </p>
              <ActionForm action={setRoleAction} submitLabel="Change role" label={`Role of ${member.email}`} inline>
                <input type="hidden" name="userId" value={member.id} />
                <label htmlFor={`role-${member.id}`} className="text-sm font-medium">
                  Role
                </label>
                <select
                  id={`role-${member.id}`}
                  name="role"
                  defaultValue={member.role}
                  className="rounded border border-gray-500 px-2 py-1.5"
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r.toLowerCase()}
                    </option>
                  ))}
                </select>
              </ActionForm>
              {member.id !== gate.staff.id ? (
                <ActionForm
                  action={endStaffSessionsAction}
                  submitLabel="End all sessions"
                  label={`End the sessions of ${member.email}`}
                  tone="danger"
                  inline
                >
                  <input type="hidden" name="userId" value={member.id} />
                </ActionForm>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="invite-heading" className="flex max-w-xl flex-col gap-3">
        <h2 id="invite-heading" className="text-xl font-semibold">
          Invite staff
        </h2>
        <p className="text-gray-800">
          The invitee signs in with this email address (or creates an account), opens the emailed link within 7 days,
          then sets up two-factor authentication.
        </p>
        <ActionForm action={inviteAction} submitLabel="Send invitation" label="Invite staff" testId="invite-form">
          <Field name="email" label="Email" type="email" autoComplete="off" />
          <div className="flex flex-col gap-1">
            <label htmlFor="invite-role" className="text-sm font-medium">
              Role
            </label>
            <select
              id="invite-role"
              name="role"
              defaultValue="REVIEWER"
              className="max-w-60 rounded border border-gray-500 px-2 py-1.5"
            >
              <option value="REVIEWER">reviewer</option>
              <option value="ADMIN">admin</option>
            </select>
          </div>
        </ActionForm>
        {invites.length > 0 ? (
          <>
            <h3 className="font-semibold">Pending invitations</h3>
            <ul className="text-sm" data-testid="pending-invites">
              {invites.map((i) => (
                <li key={i.id}>
                  {i.email} as {i.role.toLowerCase()}, until <LocalDate value={i.expiresAt} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}
