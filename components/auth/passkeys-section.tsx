import { LocalDate } from "@/components/layout/local-date";
import type { FormAction } from "@/lib/action-state";
import { ActionForm } from "@/components/forms/action-form";
import { Field } from "@/components/forms/form-parts";
import { AddPasskeyForm, type AddPasskeyActions } from "./add-passkey-form";

export type PasskeyActions = AddPasskeyActions & { rename: FormAction; remove: FormAction };

type Passkey = {
  id: string;
  name: string;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
};

const day = (d: Date | null) => (d ? <LocalDate value={d} style="date" /> : "never");

export function PasskeysSection({
  passkeys,
  twoFactorOn,
  actions,
}: {
  passkeys: Passkey[];
  twoFactorOn: boolean;
  actions: PasskeyActions;
}) {
  return (
    <div className="flex flex-col gap-6">
      <p className="text-gray-900">
        A passkey signs you in with your device&apos;s screen lock (fingerprint, face or PIN) instead of your password
        and code, and it only works on this store&apos;s own address, so a look-alike site cannot use it.
        {twoFactorOn ? " Your authenticator app and recovery codes keep working as a fallback." : ""}
      </p>
      {passkeys.length === 0 ? (
        <p data-testid="passkey-count">You have no passkeys yet.</p>
      ) : (
        <ul className="flex flex-col gap-4" data-testid="passkey-list">
          {passkeys.map((p) => (
            <li
              key={p.id}
              className="flex flex-col gap-3 rounded border border-gray-300 p-3"
              data-testid="passkey"
              data-name={p.name}
            >
              <p>
                <span className="font-semibold">{p.name}</span> · added {day(p.createdAt)} · last used{" "}
                {day(p.lastUsedAt)}
                {p.backedUp ? " · synced" : ""}
              </p>
              <details>
                <summary className="cursor-pointer text-sm text-blue-800 underline">Rename or remove</summary>
                <div className="mt-3 flex flex-col gap-4">
                  <ActionForm
                    action={actions.rename}
                    submitLabel="Rename"
                    tone="plain"
                    label={`Rename passkey ${p.name}`}
                  >
                    <input type="hidden" name="passkeyId" value={p.id} />
                    <Field name="name" label="New name" defaultValue={p.name} autoComplete="off" />
                  </ActionForm>
                  <ActionForm
                    action={actions.remove}
                    submitLabel="Remove passkey"
                    tone="danger"
                    label={`Remove passkey ${p.name}`}
                  >
                    <input type="hidden" name="passkeyId" value={p.id} />
                    <Field name="password" label="Password" type="password" autoComplete="current-password" />
                  </ActionForm>
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-col gap-2">
        <h3 className="text-lg font-semibold">Add a passkey</h3>
        <AddPasskeyForm actions={actions} />
      </div>
    </div>
  );
}
