"use client";
import { useActionState, type ReactNode } from "react";
import { initialActionState, type FormAction } from "@/lib/action-state";
import { FormScaffold } from "@/components/forms/action-form";
import { Field, SelectField } from "@/components/forms/form-parts";
import { BotCheck } from "./bot-check";

// The checkout's contact and shipping details. Each group is its own block, so another (a saved
// address, a shipping method) slots in between. After a failed Pay every field keeps what was
// typed (the action echoes it) and the error summary at the top takes focus.

type Props = {
  action: FormAction;
  countries: [string, string][];
  defaultEmail?: string;
  /** A signed-in customer's default address (lib/account/addresses.ts), filled in. */
  defaultAddress?: {
    name: string;
    line1: string;
    line2: string | null;
    city: string;
    country: string;
    postalCode: string;
    phone: string | null;
  } | null;
  challengeRequired?: boolean;
  /** The shipping method's fieldset (shipping-method-choice.tsx), between the address and the bot check. */
  shippingChoice?: ReactNode;
};

export function CheckoutForm({
  action,
  countries,
  defaultEmail,
  defaultAddress,
  challengeRequired = false,
  shippingChoice,
}: Props) {
  const saved = defaultAddress ?? undefined;
  const [state, formAction, pending] = useActionState(action, initialActionState);
  const altchaError = state.fields.altcha;
  return (
    <FormScaffold
      state={state}
      formAction={formAction}
      pending={pending}
      label="Contact and shipping"
      submitLabel="Pay"
      pendingLabel="Opening the secure payment page…"
      wide
      className="flex max-w-xl flex-col gap-4"
      footer={
        <p className="text-sm text-gray-800">
          You will enter your card on Stripe&apos;s secure page. Your card number never reaches this store.
        </p>
      }
    >
      <fieldset className="flex flex-col gap-4">
        <legend className="sr-only">Contact</legend>
        <Field
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          maxLength={254}
          defaultValue={defaultEmail}
        />
      </fieldset>
      <fieldset className="flex flex-col gap-4">
        <legend className="sr-only">Shipping address</legend>
        <Field name="name" label="Full name" autoComplete="name" maxLength={100} defaultValue={saved?.name} />
        <Field
          name="line1"
          label="Street address"
          autoComplete="address-line1"
          maxLength={120}
          defaultValue={saved?.line1}
        />
        <Field
          name="line2"
          label="Apartment, suite (optional)"
          autoComplete="address-line2"
          maxLength={120}
          required={false}
          defaultValue={saved?.line2 ?? undefined}
        />
        <Field name="city" label="City" autoComplete="address-level2" maxLength={80} defaultValue={saved?.city} />
        <SelectField
          name="country"
          label="Country"
          autoComplete="country"
          options={countries}
          defaultValue={saved?.country ?? "US"}
        />
        <Field
          name="postalCode"
          label="Postal code"
          autoComplete="postal-code"
          maxLength={12}
          defaultValue={saved?.postalCode}
        />
        <Field
          name="phone"
          label="Phone (optional)"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          maxLength={30}
          required={false}
          defaultValue={saved?.phone ?? undefined}
          hint="For the delivery driver. Include the country code (+44…) if it is not the shipping country's."
        />
      </fieldset>
      {shippingChoice}
      {challengeRequired || altchaError ? <BotCheck error={altchaError} resetKey={state} /> : null}
    </FormScaffold>
  );
}
