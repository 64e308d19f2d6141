// POST /api/cart/lines (app/api/cart/lines/route.ts is this function plus the cart cookie): the
// add-to-cart form's way in when its script runs. Only the store's own pages may post to it; the
// form is validated, stock-checked and keyed exactly as the server action's.
import { beforeAll, describe, expect, it } from "vitest";
import { cartLinesRequest } from "@/lib/cart/add-form";
import { readCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { seedCatalog } from "@/lib/db/seed";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";

const ORIGIN = "https://shop.example.com";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe.each(providers())("POST /api/cart/lines on %s", (provider) => {
  const t = databaseSuite(provider, (d) => seedCatalog(d.db).then(() => ({})));
  let tee: { id: string };
  let jacket: { id: string; stock: number };
  beforeAll(async () => {
    tee = await t.db.product.findUniqueOrThrow({ where: { slug: "organic-cotton-tee" } });
    jacket = await t.db.product.findUniqueOrThrow({ where: { slug: "waxed-canvas-jacket" } });
  });

  const post = (fields: Record<string, string>, options: { token?: string; headers?: Record<string, string> } = {}) => {
    let read = false;
    const answer = cartLinesRequest(t.db, ORIGIN, {
      headers: new Headers(options.headers ?? { origin: ORIGIN, "sec-fetch-site": "same-origin" }),
      readForm: async () => {
        read = true;
        return form(fields);
      },
      token: options.token,
    });
    return answer.then((a) => ({ ...a, read }));
  };

  it("adds the line and answers the cart's item count, the token to keep and the next one-time key", async () => {
    const key = newRequestKey();
    const first = await post({ productId: tee.id, quantity: "2", requestKey: key });
    expect(first.status).toBe(200);
    expect(first.state).toMatchObject({ ok: true, message: "Added to your cart.", itemCount: 2 });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.state.requestKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.state.requestKey).not.toBe(key);
    const second = await post(
      { productId: tee.id, quantity: "1", requestKey: first.state.requestKey! },
      { token: first.token },
    );
    expect(second.state.itemCount).toBe(3);
    expect(second.token).toBe(first.token);
    // The same submission again (its answer lost): the cart changes once.
    const replay = await post(
      { productId: tee.id, quantity: "1", requestKey: first.state.requestKey! },
      { token: first.token },
    );
    expect(replay.status).toBe(200);
    expect(replay.state.itemCount).toBe(3);
    expect((await readCart(t.db, first.token)).itemCount).toBe(3);
  });

  it("refuses a post from another site, or without Origin, before reading its body", async () => {
    const carts = await t.db.cart.count();
    for (const headers of [
      { origin: "https://evil.example" },
      {},
      { origin: ORIGIN, "sec-fetch-site": "cross-site" },
      { origin: ORIGIN, "sec-fetch-site": "same-site" },
      { origin: "null" },
    ] as Record<string, string>[]) {
      const refused = await post({ productId: tee.id, quantity: "1", requestKey: newRequestKey() }, { headers });
      expect(refused).toMatchObject({ status: 403, read: false, state: { ok: false, code: "FORBIDDEN" } });
      expect(refused.token).toBeUndefined();
    }
    expect(await t.db.cart.count()).toBe(carts);
    // A browser that sends no Sec-Fetch-Site (older ones) is judged by Origin alone.
    expect(
      (await post({ productId: tee.id, quantity: "1", requestKey: newRequestKey() }, { headers: { origin: ORIGIN } }))
        .status,
    ).toBe(200);
  });

  it("validates the form and checks stock, changing nothing, with the message the form shows", async () => {
    const carts = await t.db.cart.count();
    for (const [fields, status, quantityError] of [
      [{ productId: tee.id, quantity: "0", requestKey: newRequestKey() }, 422, "Quantity must be at least 1."],
      [{ productId: tee.id, quantity: "1.5", requestKey: newRequestKey() }, 422, "Quantity must be a whole number."],
      [{ productId: tee.id, quantity: "100", requestKey: newRequestKey() }, 422, "Quantity must be at most 99."],
      [
        { productId: jacket.id, quantity: String(jacket.stock + 1), requestKey: newRequestKey() },
        422,
        `Only ${jacket.stock} left.`,
      ],
    ] as const) {
      const refused = await post(fields);
      expect(refused.status).toBe(status);
      expect(refused.state).toMatchObject({ ok: false, code: "VALIDATION" });
      expect(refused.state.fields.quantity).toBe(quantityError);
      // The next submission still gets a key.
      expect(refused.state.requestKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(refused.token).toBeUndefined();
    }
    const unknown = await post({ productId: "c".repeat(25), quantity: "1", requestKey: newRequestKey() });
    expect(unknown).toMatchObject({ status: 404, state: { ok: false, code: "NOT_FOUND" } });
    const noKey = await post({ productId: tee.id, quantity: "1" });
    expect(noKey.status).toBe(422);
    expect(await t.db.cart.count()).toBe(carts);
  });

  it("answers 400 to a body that is not a form", async () => {
    const answer = await cartLinesRequest(t.db, ORIGIN, {
      headers: new Headers({ origin: ORIGIN }),
      readForm: async () => null,
      token: undefined,
    });
    expect(answer).toMatchObject({ status: 400, state: { ok: false, code: "VALIDATION" } });
  });
});
