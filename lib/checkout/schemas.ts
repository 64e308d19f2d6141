import { z } from "zod";
import { COUNTRIES } from "./countries";
import { checkPhone } from "./phone";
import { checkPostcode } from "./postcodes";
import { SHIPPING_METHODS } from "./pricing";

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter your ${label}.` })
    .trim()
    .min(1, `Enter your ${label}.`)
    .max(max, `Your ${label} must be at most ${max} characters.`)
    // No control characters: these values end up in emails and the admin dashboard.
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `Your ${label} contains characters we cannot accept.`);

const shipsTo = (country: unknown): string | undefined =>
  typeof country === "string" && country in COUNTRIES ? country : undefined;
const postalCodeOf = (input: { country: unknown; postalCode: unknown }) =>
  checkPostcode(shipsTo(input.country) ?? "", typeof input.postalCode === "string" ? input.postalCode : "");
const phoneOf = (input: { country: unknown; phone?: unknown }) =>
  typeof input.phone === "string" && input.phone.trim() !== "" ? checkPhone(input.phone, shipsTo(input.country)) : null;

/** The address fields in form order (the error summary lists errors in this order). */
const addressShape = {
  name: text("full name", 100),
  line1: text("street address", 120),
  line2: z
    .string()
    .trim()
    .max(120, "Address line 2 must be at most 120 characters.")
    .optional()
    .transform((v) => (v ? v : undefined)),
  city: text("city", 80),
  country: z.enum(Object.keys(COUNTRIES) as [string, ...string[]], { error: "Choose a country we ship to." }),
  postalCode: z.string({ error: "Enter your postal code." }),
  phone: z.string().max(30, "A phone number is at most 30 characters.").optional(),
};

type CountryDependent = { country: unknown; postalCode: unknown; phone?: unknown };

// The postal code and the phone depend on the country, so they are checked on the whole object:
// on every submit, even when other fields failed, so the shopper sees every problem at once.
const countryChecks = [
  (input: CountryDependent, ctx: z.RefinementCtx) => {
    const postcode = postalCodeOf(input);
    if (!postcode.ok) ctx.addIssue({ code: "custom", path: ["postalCode"], message: postcode.message });
    const phone = phoneOf(input);
    if (phone && !phone.ok) ctx.addIssue({ code: "custom", path: ["phone"], message: phone.message });
  },
  { when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null },
] as const;

/** The country's usual written postcode and an E.164 phone, once the checks passed. */
const normalized = <T extends { country: string; postalCode: string; phone?: string }>(input: T): T => {
  const postcode = postalCodeOf(input);
  const phone = phoneOf(input);
  return {
    ...input,
    postalCode: postcode.ok ? postcode.postcode : input.postalCode,
    phone: phone?.ok ? phone.phone : undefined,
  };
};

export const checkoutSchema = z
  .object({
    email: z
      .string({ error: "Enter your email address." })
      .trim()
      .toLowerCase()
      .max(254)
      .email("Enter a valid email address, like name@example.com."),
    ...addressShape,
    // Priced on the server (./pricing.ts); a form without the choice ships standard.
    shippingMethod: z.enum(SHIPPING_METHODS, { error: "Choose a shipping method." }).default("standard"),
  })
  .superRefine(...countryChecks)
  .transform(normalized);

/** A shipping address on its own: the same rules as checkout's (a saved address, lib/account/addresses.ts). */
export const addressSchema = z
  .object(addressShape)
  .superRefine(...countryChecks)
  .transform(normalized);
