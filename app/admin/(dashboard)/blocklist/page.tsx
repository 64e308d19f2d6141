import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { ActionForm } from "@/components/forms/action-form";
import { Field } from "@/components/forms/form-parts";
import { adminPage } from "@/lib/admin/request-guards";
import { can } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { BLOCK_KIND_LABELS, BLOCK_KINDS, listBlocks } from "@/lib/fraud/blocklist";
import { addBlockAction, removeBlockAction } from "./actions";
import { requestDates } from "@/lib/dates/request";

export const metadata: Metadata = { title: "Block list" };

export default async function BlocklistPage() {
  const utc = await requestDates();
  const gate = await adminPage("/admin/blocklist", "orders.view");
  if (!gate.allowed) forbidden();
  const entries = await listBlocks(db(), gate.staff, { includeInactive: true });
  const mayChange = can(gate.staff, "orders.decide");
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-3xl font-bold">Block list</h1>
      <p className="max-w-3xl text-gray-800">
        A blocked email or network cannot start a checkout; a blocked card&apos;s authorization is canceled and its
        stock returned. Every addition, removal and hit is in the audit log.
      </p>
      {mayChange ? (
        <section aria-labelledby="add-block-heading" className="flex max-w-xl flex-col gap-3">
          <h2 id="add-block-heading" className="text-xl font-semibold">
            Add an entry
          </h2>
          <ActionForm action={addBlockAction} submitLabel="Block" label="Add to the block list" testId="add-block-form">
            <div className="flex flex-col gap-1">
              <label htmlFor="block-kind" className="text-sm font-medium">
                What to block
              </label>
              <select
                id="block-kind"
                name="kind"
                defaultValue="EMAIL"
                className="max-w-80 rounded border border-gray-500 px-2 py-1.5"
              >
                {BLOCK_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {BLOCK_KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
            </div>
            <Field
              name="value"
              label="Value"
              autoComplete="off"
              hint="A card fingerprint from an order, an email, an address or CIDR network (203.0.113.0/24), or 6 to 8 card digits."
            />
            <Field name="reason" label="Reason" autoComplete="off" />
            <Field
              name="days"
              label="Expires after (days)"
              inputMode="numeric"
              autoComplete="off"
              required={false}
              hint="Leave empty for no expiry."
            />
          </ActionForm>
        </section>
      ) : null}
      <section aria-labelledby="entries-heading" className="flex flex-col gap-3">
        <h2 id="entries-heading" className="text-xl font-semibold">
          Entries
        </h2>
        {entries.length === 0 ? (
          <p className="text-gray-800">The block list is empty.</p>
        ) : (
          <ul className="flex flex-col gap-3" data-testid="block-list">
            {entries.map((entry) => {
              const ended =
                entry.state === "removed" && entry.removedAt
                  ? `removed ${utc(entry.removedAt)}`
                  : entry.state === "expired" && entry.expiresAt
                    ? `expired ${utc(entry.expiresAt)}`
                    : null;
              return (
                <li
                  key={entry.id}
                  className="flex flex-col gap-2 rounded border border-gray-300 p-3"
                  data-testid="block-entry"
                >
                  <p>
                    <span className="font-semibold">{BLOCK_KIND_LABELS[entry.kind]}:</span>{" "}
                    <code className="break-all">{entry.value}</code>
                    {ended ? <span className="text-gray-800"> ({ended})</span> : null}
                  </p>
                  <p className="text-sm text-gray-800">
                    {entry.reason} · added {utc(entry.createdAt)}
                    {entry.createdByEmail ? ` by ${entry.createdByEmail}` : ""} ·{" "}
                    {entry.expiresAt && !ended ? `expires ${utc(entry.expiresAt)}` : ended ? "" : "no expiry"} ·{" "}
                    {entry.hits} hit
                    {entry.hits === 1 ? "" : "s"}
                    {entry.lastHitAt ? `, latest ${utc(entry.lastHitAt)}` : ""}
                  </p>
                  {mayChange && !ended ? (
                    <ActionForm
                      action={removeBlockAction}
                      submitLabel="Remove"
                      label={`Remove ${entry.value} from the block list`}
                      tone="danger"
                      inline
                    >
                      <input type="hidden" name="id" value={entry.id} />
                    </ActionForm>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
