import { z } from "zod";

export const MAX_LINE_QUANTITY = 99;

const productIdSchema = z
  .string({ error: "Choose a product." })
  .regex(/^[a-z0-9]{20,32}$/, "That product does not exist.");

const variantIdSchema = z
  .string({ error: "Choose an option." })
  .regex(/^[a-z0-9]{20,32}$/, "That option does not exist.");
/** A form's variant choice: absent (or an empty radio group) for a product sold in one form only. */
const variantChoiceSchema = z.preprocess((value) => (value === "" ? undefined : value), variantIdSchema.optional());

const quantitySchema = z.coerce
  .number({ error: "Enter a quantity." })
  .refine(Number.isFinite, "Enter a quantity.")
  .refine(Number.isInteger, "Quantity must be a whole number.")
  .min(1, "Quantity must be at least 1.")
  .max(MAX_LINE_QUANTITY, `Quantity must be at most ${MAX_LINE_QUANTITY}.`);

// The one-time key the add-to-cart and quantity forms carry (lib/cart/request-keys.ts): random
// base64url, bounded so a caller cannot store large values under a cart.
const reloadMessage = "This form has expired. Reload the page and try again.";
const requestKeySchema = z.string({ error: reloadMessage }).regex(/^[A-Za-z0-9_-]{22,64}$/, reloadMessage);

/** A cart line's new quantity: 0 removes the line, an empty field is no quantity (never 0). */
const lineQuantitySchema = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.coerce
    .number({ error: "Enter a quantity." })
    .refine(Number.isFinite, "Enter a quantity.")
    .refine(Number.isInteger, "Quantity must be a whole number.")
    .min(0, "Quantity must be at least 1 (or 0 to remove the item).")
    .max(MAX_LINE_QUANTITY, `Quantity must be at most ${MAX_LINE_QUANTITY}.`),
);

export const addToCartSchema = z.object({
  productId: productIdSchema,
  variantId: variantChoiceSchema,
  quantity: quantitySchema,
  requestKey: requestKeySchema,
});
export const setQuantitySchema = z.object({
  variantId: variantIdSchema,
  quantity: lineQuantitySchema,
  requestKey: requestKeySchema,
});
export const removeFromCartSchema = z.object({ variantId: variantIdSchema });

// The cookie value is 32 random bytes in base64url; anything else is treated as no cart.
export const cartTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
