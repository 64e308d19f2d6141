import type { Metadata } from "next";
import { ActionForm } from "@/components/forms/action-form";
import { Field } from "@/components/forms/form-parts";
import { NewPasswordField } from "@/components/auth/password-field";
import { PasskeysSection } from "@/components/auth/passkeys-section";
import { ActivityList, SessionsList } from "@/components/auth/sessions-list";
import { TwoFactorSection } from "@/components/auth/two-factor-section";
import { securityOverview } from "@/lib/auth/account";
import { authDeps } from "@/lib/auth/app-deps";
import { isStaff } from "@/lib/auth/authorize";
import { userForPage } from "@/lib/auth/page-guards";
import { listPasskeys } from "@/lib/auth/passkeys/manage";
import { pendingEnrollment } from "@/lib/auth/two-factor";
import {
  changePasswordAction,
  confirmEnrollmentAction,
  disableTwoFactorAction,
  regenerateCodesAction,
  revokeOtherSessionsAction,
  revokeSessionAction,
  startEnrollmentAction,
} from "../actions";
import {
  beginPasskeyRegistrationAction,
  finishPasskeyRegistrationAction,
  removePasskeyAction,
  renamePasskeyAction,
} from "./passkey-actions";

export const metadata: Metadata = { title: "Account security" };

export default async function SecurityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await userForPage("/account/security");
  const deps = authDeps();
  const [overview, enrollment, passkeys, params] = await Promise.all([
    securityOverview(deps, actor),
    pendingEnrollment(deps, actor),
    listPasskeys(deps, actor),
    searchParams,
  ]);
  const staffMustEnroll = isStaff(actor) && !overview.twoFactorEnabledAt;
  return (
    <div className="flex max-w-3xl flex-col gap-10">
      <h1 className="text-3xl font-bold">Account security</h1>
      {staffMustEnroll || params.required === "2fa" ? (
        <p
          className="rounded border border-yellow-700 bg-yellow-50 p-4 font-medium text-yellow-900"
          data-testid="two-factor-required"
        >
          Staff accounts must turn on two-factor authentication before using the admin area.
        </p>
      ) : null}
      {actor.passkeyRequired && actor.authMethod !== "PASSKEY" ? (
        <p
          className="rounded border border-yellow-700 bg-yellow-50 p-4 font-medium text-yellow-900"
          data-testid="passkey-required"
        >
          Staff must sign in with a passkey to use the admin area.{" "}
          {passkeys.length === 0
            ? "Add one below, then sign out and sign in with it."
            : "Sign out and sign in with your passkey."}
        </p>
      ) : null}
      <section aria-labelledby="two-factor-heading" className="flex flex-col gap-4">
        <h2 id="two-factor-heading" className="text-2xl font-semibold">
          Two-factor authentication
        </h2>
        <TwoFactorSection
          enabledAt={overview.twoFactorEnabledAt}
          recoveryCodesLeft={overview.recoveryCodesLeft}
          enrollment={enrollment}
          staff={isStaff(actor)}
          actions={{
            start: startEnrollmentAction,
            confirm: confirmEnrollmentAction,
            regenerate: regenerateCodesAction,
            disable: disableTwoFactorAction,
          }}
        />
      </section>
      <section aria-labelledby="passkeys-heading" className="flex flex-col gap-4">
        <h2 id="passkeys-heading" className="text-2xl font-semibold">
          Passkeys
        </h2>
        <PasskeysSection
          passkeys={passkeys}
          twoFactorOn={overview.twoFactorEnabledAt !== null}
          actions={{
            begin: beginPasskeyRegistrationAction,
            finish: finishPasskeyRegistrationAction,
            rename: renamePasskeyAction,
            remove: removePasskeyAction,
          }}
        />
      </section>
      <section aria-labelledby="password-heading" className="flex flex-col gap-4">
        <h2 id="password-heading" className="text-2xl font-semibold">
          Change password
        </h2>
        <ActionForm action={changePasswordAction} submitLabel="Change password" label="Change password">
          <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" />
          <NewPasswordField name="newPassword" label="New password" userInputs={[actor.email, actor.name]} />
        </ActionForm>
      </section>
      <section aria-labelledby="sessions-heading" className="flex flex-col gap-4">
        <h2 id="sessions-heading" className="text-2xl font-semibold">
          Where you are signed in
        </h2>
        <SessionsList
          sessions={overview.sessions}
          actions={{ revoke: revokeSessionAction, revokeOthers: revokeOtherSessionsAction }}
        />
      </section>
      <section aria-labelledby="activity-heading" className="flex flex-col gap-4">
        <h2 id="activity-heading" className="text-2xl font-semibold">
          Recent sign-in activity
        </h2>
        <ActivityList activity={overview.activity} />
      </section>
    </div>
  );
}
