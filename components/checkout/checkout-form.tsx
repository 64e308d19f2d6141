"use client";
import { useActionState, type ReactNode } from "react";
import { checkoutAction } from "@/app/(shop)/checkout/actions";
import type { ActionState } from "@/lib/actions";
import { BotCheck } from "./bot-check";

const initial: ActionState = { ok: false, message: "", fields: {} };

type Field = { name: string; label: string; autoComplete: string; type?: string; required?: boolean; maxLength: number };

const FIELDS: Field[] = [
  { name: "email", label: "Email", autoComplete: "email", type: "email", required: true, maxLength: 254 },
  { name: "name", label: "Full name", autoComplete: "name", required: true, maxLength: 100 },
  { name: "line1", label: "Street address", autoComplete: "address-line1", required: true, maxLength: 120 },
  { name: "line2", label: "Apartment, suite (optional)", autoComplete: "address-line2", maxLength: 120 },
  { name: "city", label: "City", autoComplete: "address-level2", required: true, maxLength: 80 },
  { name: "postalCode", label: "Postal code", autoComplete: "postal-code", required: true, maxLength: 10 },
  { name: "phone", label: "Phone (optional)", autoComplete: "tel", type: "tel", maxLength: 30 },
];

export function CheckoutForm({ countries, defaultEmail, challengeRequired = false, shippingChoice }: { countries: [string, string][]; defaultEmail?: string; challengeRequired?: boolean; shippingChoice?: ReactNode }) {
  const [state, action, pending] = useActionState(checkoutAction, initial);
  const error = (name: string) => state.fields[name];
  return (
    <form action={action} className="flex max-w-xl flex-col gap-4" noValidate>
      {state.message && !state.ok ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {state.message}
        </p>
      ) : null}
      {FIELDS.map((f) => (
        <div key={f.name} className="flex flex-col gap-1">
          <label htmlFor={f.name} className="font-medium text-gray-900">
            {f.label}
          </label>
          <input
            id={f.name}
            name={f.name}
            type={f.type ?? "text"}
            autoComplete={f.autoComplete}
            required={f.required}
            maxLength={f.maxLength}
            defaultValue={f.name === "email" ? defaultEmail : undefined}
            aria-invalid={error(f.name) ? true : undefined}
            aria-describedby={error(f.name) ? `${f.name}-error` : undefined}
            className="rounded border border-gray-400 px-3 py-2 text-gray-900"
          />
          {error(f.name) ? (
            <p id={`${f.name}-error`} className="text-sm text-red-800">
              {error(f.name)}
            </p>
          ) : null}
        </div>
      ))}
      <div className="flex flex-col gap-1">
        <label htmlFor="country" className="font-medium text-gray-900">
          Country
        </label>
        <select id="country" name="country" autoComplete="country" defaultValue="US" className="rounded border border-gray-400 px-3 py-2 text-gray-900" aria-describedby={error("country") ? "country-error" : undefined}>
          {countries.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        {error("country") ? (
          <p id="country-error" className="text-sm text-red-800">
            {error("country")}
          </p>
        ) : null}
      </div>
      {shippingChoice}
      {challengeRequired || error("altcha") ? <BotCheck error={error("altcha")} resetKey={state} /> : null}
      <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-3 text-lg font-semibold text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Opening the secure payment page…" : "Pay"}
      </button>
      <p className="text-sm text-gray-800">You will enter your card on Stripe&apos;s secure page. Your card number never reaches this store.</p>
    </form>
  );
}
