// POST /api/cart/lines — the product page's add-to-cart form when its script runs
// (components/cart/add-to-cart-form.tsx): adds the line and answers JSON with the form's next
// one-time key and the cart's item count, so no page is rendered for it. Same-origin only,
// validated and stock-checked in lib/cart/add-form.ts; without JavaScript the same form posts to
// the server action instead.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { cartLinesRequest } from "@/lib/cart/add-form";
import { readCartToken, writeCartToken } from "@/lib/cart/cookie";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const readForm = () => request.formData().catch(() => null);
  const answer = await cartLinesRequest(db(), new URL(env().APP_URL).origin, {
    headers: request.headers,
    readForm,
    token: await readCartToken(),
  });
  if (answer.token) await writeCartToken(answer.token);
  return Response.json(answer.state, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}
