"use client";
import { ActionForm } from "@/components/forms/action-form";
import { Field, SelectField } from "@/components/forms/form-parts";
import type { FormAction } from "@/lib/action-state";

/** A stock adjustment with its reason (/admin/products/[id]); applied relative to the stock at that moment. */
export function StockForm({
  action,
  productId,
  reasons,
}: {
  action: FormAction;
  productId: string;
  reasons: readonly (readonly [value: string, label: string])[];
}) {
  return (
    <ActionForm action={action} submitLabel="Adjust stock" label="Adjust stock" testId="stock-form">
      <input type="hidden" name="id" value={productId} />
      <SelectField name="reason" label="Reason" options={reasons} />
      <Field
        name="delta"
        label="Change in units"
        autoComplete="off"
        hint="Positive adds (12), negative removes (-3). Stock never goes below zero."
      />
      <Field
        name="note"
        label="Note"
        autoComplete="off"
        maxLength={500}
        required={false}
        hint="Optional: a delivery note or count sheet number."
      />
    </ActionForm>
  );
}
