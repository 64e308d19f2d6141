import { z } from "zod";
import { COUNTRIES } from "./countries";
import { SHIPPING_METHODS } from "./pricing";

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter your ${label}.` })
    .trim()
    .min(1, `Enter your ${label}.`)
    .max(max, `Your ${label} must be at most ${max} characters.`)
    // No control characters: these values end up in emails and the admin dashboard.
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `Your ${label} contains characters we cannot accept.`);

export const checkoutSchema = z.object({
  email: z.string({ error: "Enter your email address." }).trim().toLowerCase().max(254).email("Enter a valid email address, like name@example.com."),
  name: text("full name", 100),
  line1: text("street address", 120),
  line2: z.string().trim().max(120, "Address line 2 must be at most 120 characters.").optional().transform((v) => (v ? v : undefined)),
  city: text("city", 80),
  postalCode: z
    .string({ error: "Enter your postal code." })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9 -]{1,9}$/, "Enter a valid postal code (letters, digits, spaces or dashes)."),
  country: z.enum(Object.keys(COUNTRIES) as [string, ...string[]], { error: "Choose a country we ship to." }),
  phone: z
    .string()
    .trim()
    .max(30)
    .regex(/^\+?[0-9 ()-]{6,30}$/, "Enter a valid phone number.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // Priced on the server (./pricing.ts); a form without the choice ships standard.
  shippingMethod: z.enum(SHIPPING_METHODS, { error: "Choose a shipping method." }).default("standard"),
});

export type CheckoutInput = z.infer<typeof checkoutSchema>;
