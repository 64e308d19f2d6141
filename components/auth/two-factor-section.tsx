import { LocalDate } from "@/components/layout/local-date";
import type { FormAction } from "@/lib/action-state";
import type { AuthActionState } from "@/lib/auth/action-state";
import { ActionForm } from "@/components/forms/action-form";
import { Field } from "@/components/forms/form-parts";
import { RecoveryCodesForm } from "./recovery-codes";

type TwoFactorActions = {
  start: FormAction;
  confirm: FormAction<AuthActionState>;
  regenerate: FormAction<AuthActionState>;
  disable: FormAction;
};

type Props = {
  enabledAt: Date | null;
  recoveryCodesLeft: number;
  enrollment: { secret: string; qrSvg: string } | null;
  staff: boolean;
  actions: TwoFactorActions;
};

// Groups the key in fours for reading it into an app by hand.
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

export function TwoFactorSection({ enabledAt, recoveryCodesLeft, enrollment, staff, actions }: Props) {
  if (enabledAt) {
    return (
      <div className="flex flex-col gap-6">
        <p data-testid="two-factor-state">
          Two-factor authentication is <strong>on</strong> (since <LocalDate value={enabledAt} style="date" />
          ). Recovery codes left: {recoveryCodesLeft}.
        </p>
        <div className="flex flex-col gap-2">
          <h3 className="text-lg font-semibold">New recovery codes</h3>
          <RecoveryCodesForm
            action={actions.regenerate}
            submitLabel="Create new recovery codes"
            tone="plain"
            label="Create new recovery codes"
          >
            <Field name="password" label="Password" type="password" autoComplete="current-password" />
          </RecoveryCodesForm>
        </div>
        {staff ? (
          <p className="text-gray-800">Staff accounts must keep two-factor authentication on.</p>
        ) : (
          <div className="flex flex-col gap-2">
            <h3 className="text-lg font-semibold">Turn off two-factor authentication</h3>
            <ActionForm
              action={actions.disable}
              submitLabel="Turn off two-factor authentication"
              tone="danger"
              label="Turn off two-factor authentication"
            >
              <Field name="password" label="Password" type="password" autoComplete="current-password" />
              <Field name="code" label="Current authentication code" autoComplete="one-time-code" inputMode="numeric" />
            </ActionForm>
          </div>
        )}
      </div>
    );
  }
  if (!enrollment) {
    return (
      <div className="flex flex-col gap-3">
        <p data-testid="two-factor-state">
          Two-factor authentication is <strong>off</strong>. With it on, signing in also needs a code from an
          authenticator app on your phone.
        </p>
        <ActionForm
          action={actions.start}
          submitLabel="Set up two-factor authentication"
          label="Set up two-factor authentication"
        />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <ol className="list-decimal space-y-2 pl-6">
        <li>Scan this QR code with your authenticator app, or type the key below into it.</li>
        <li>Enter the 6-digit code the app shows to finish.</li>
      </ol>
      {/* Generated on this server by `qrcode` from the otpauth URI (no third-party request); its
          output is path data only, so no user-provided text becomes markup. */}
      <div
        role="img"
        aria-label="QR code for your authenticator app"
        className="w-48 border border-gray-300"
        dangerouslySetInnerHTML={{ __html: enrollment.qrSvg }}
      />
      <p>
        Key:{" "}
        <code className="font-mono text-lg" data-testid="totp-secret" data-secret={enrollment.secret}>
          {grouped(enrollment.secret)}
        </code>
      </p>
      <RecoveryCodesForm
        action={actions.confirm}
        submitLabel="Turn on two-factor authentication"
        label="Confirm two-factor setup"
      >
        <Field name="code" label="Code from your app" autoComplete="one-time-code" inputMode="numeric" />
      </RecoveryCodesForm>
    </div>
  );
}
