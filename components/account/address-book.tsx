"use client";
import type { FormAction } from "@/lib/action-state";
import { ActionForm } from "@/components/forms/action-form";
import { Field, SelectField } from "@/components/forms/form-parts";

export type AddressView = { id: string; name: string; lines: string[]; isDefault: boolean };
export type AddressActions = { add: FormAction; setDefault: FormAction; remove: FormAction };

/** The saved addresses, each with "Make default" and "Remove", and the form to add one. */
export function AddressBook({
  addresses,
  countries,
  actions,
}: {
  addresses: AddressView[];
  countries: [string, string][];
  actions: AddressActions;
}) {
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="saved-heading" className="flex flex-col gap-3">
        <h2 id="saved-heading" className="text-xl font-semibold">
          Saved addresses
        </h2>
        {addresses.length === 0 ? (
          <p>No saved addresses yet. The first one you save fills in checkout for you.</p>
        ) : null}
        <ul className="flex flex-col gap-3">
          {addresses.map((a) => (
            <li
              key={a.id}
              className="flex flex-col gap-2 rounded border border-gray-300 p-3"
              data-testid="saved-address"
            >
              <address className="not-italic">
                <span className="font-semibold">{a.name}</span>
                {a.isDefault ? (
                  <span className="ml-2 rounded bg-green-100 px-2 text-sm text-green-900">Default at checkout</span>
                ) : null}
                {a.lines.map((line) => (
                  <span key={line} className="block">
                    {line}
                  </span>
                ))}
              </address>
              <div className="flex flex-wrap gap-2">
                {a.isDefault ? null : (
                  <ActionForm
                    action={actions.setDefault}
                    submitLabel="Make default"
                    label={`Make the address of ${a.name}, ${a.lines[0] ?? ""} the default`}
                    tone="plain"
                    inline
                  >
                    <input type="hidden" name="addressId" value={a.id} />
                  </ActionForm>
                )}
                <ActionForm
                  action={actions.remove}
                  submitLabel="Remove"
                  label={`Remove the address of ${a.name}, ${a.lines[0] ?? ""}`}
                  tone="plain"
                  inline
                >
                  <input type="hidden" name="addressId" value={a.id} />
                </ActionForm>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="add-heading" className="flex flex-col gap-3">
        <h2 id="add-heading" className="text-xl font-semibold">
          Add an address
        </h2>
        <ActionForm
          action={actions.add}
          submitLabel="Save address"
          label="Add an address"
          testId="add-address"
          className="flex max-w-xl flex-col gap-4"
        >
          <Field name="name" label="Full name" autoComplete="name" maxLength={100} />
          <Field name="line1" label="Street address" autoComplete="address-line1" maxLength={120} />
          <Field
            name="line2"
            label="Apartment, suite (optional)"
            autoComplete="address-line2"
            maxLength={120}
            required={false}
          />
          <Field name="city" label="City" autoComplete="address-level2" maxLength={80} />
          <SelectField name="country" label="Country" autoComplete="country" options={countries} defaultValue="US" />
          <Field name="postalCode" label="Postal code" autoComplete="postal-code" maxLength={12} />
          <Field
            name="phone"
            label="Phone (optional)"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            maxLength={30}
            required={false}
          />
          <label className="flex items-center gap-2">
            <input type="checkbox" name="makeDefault" value="on" />
            Use this address at checkout
          </label>
        </ActionForm>
      </section>
    </div>
  );
}
