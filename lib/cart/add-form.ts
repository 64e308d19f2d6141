import "server-only";
import { failedAction, formObject } from "@/lib/actions";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { crossSiteRefusal } from "@/lib/http/same-origin";
import { logger } from "@/lib/logging/logger";
import { addToCart } from "./cart";
import type { CartFormState } from "./form-state";
import { newRequestKey } from "./request-keys";

// The product page's add-to-cart form has two ways in, both answered here:
//   - POST /api/cart/lines (app/api/cart/lines/route.ts) when the page's script runs: a JSON
//     answer with the cart's item count, which the form puts into the header. Nothing is
//     rendered, which is most of what the server action below costs.
//   - the server action addToCartAction (app/(shop)/cart/actions.ts) when it does not: a plain
//     form post that Next answers with the product page, re-rendered with the new count.
// Either way every answer hands the form a fresh one-time key: a deliberate second add is a new
// change, while a resubmission whose answer never arrived still carries the old key and changes
// nothing (lib/cart/request-keys.ts).

export type AddToCartAnswer = {
  /** The HTTP status of the JSON answer. */
  status: number;
  state: CartFormState;
  /** The cart token to keep in the cookie, once the add went through. */
  token?: string;
};

export async function submitAddToCart(db: Db, token: string | undefined, form: FormData): Promise<AddToCartAnswer> {
  try {
    const added = await addToCart(db, token, formObject(form));
    return {
      status: 200,
      token: added.token,
      state: {
        ok: true,
        message: "Added to your cart.",
        fields: {},
        itemCount: added.itemCount,
        requestKey: newRequestKey(),
      },
    };
  } catch (error) {
    return {
      status: error instanceof AppError ? error.status : 500,
      state: { ...failedAction(error), requestKey: newRequestKey() },
    };
  }
}

/**
 * POST /api/cart/lines: refused unless it comes from the store's own pages (before its body is
 * read), then answered as the form's submission. `readForm` gives null for a body that is not a form.
 */
export async function cartLinesRequest(
  db: Db,
  appOrigin: string,
  request: { headers: Headers; readForm: () => Promise<FormData | null>; token: string | undefined },
): Promise<AddToCartAnswer> {
  const refused = crossSiteRefusal(request.headers, appOrigin);
  if (refused) {
    logger.warn({ component: "cart", reason: refused }, "POST /api/cart/lines refused");
    return {
      status: 403,
      state: {
        ok: false,
        code: "FORBIDDEN",
        message: "This form can only be sent from the store's own pages.",
        fields: {},
      },
    };
  }
  const form = await request.readForm();
  if (!form)
    return {
      status: 400,
      state: { ok: false, code: "VALIDATION", message: "Send the add-to-cart form's fields.", fields: {} },
    };
  return submitAddToCart(db, request.token, form);
}
