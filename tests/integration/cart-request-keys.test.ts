// One-time keys on cart changes (lib/cart/request-keys.ts): a repeated or retried submission of
// the same form changes the cart once, on SQLite and PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { addToCart, readCart, setCartQuantity } from "@/lib/cart/cart";
import { CART_REQUEST_TTL_MS, newRequestKey, purgeExpiredCartRequests } from "@/lib/cart/request-keys";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { hashToken } from "@/lib/security/tokens";
import { providers } from "../support/databases";
import { databaseSuite } from "../support/database-suite";

describe.each(providers())("cart request keys on %s", (provider) => {
  const t = databaseSuite(provider, (d) => seedCatalog(d.db).then(() => ({})));
  let tee: { id: string; variants: { id: string }[] };
  let mug: { id: string; variants: { id: string }[] };
  const variantOf = (product: { variants: { id: string }[] }) => product.variants[0]!.id;
  beforeAll(async () => {
    const withVariants = { include: { variants: { select: { id: true } } } };
    tee = await t.db.product.findUniqueOrThrow({ where: { slug: "organic-cotton-tee" }, ...withVariants });
    mug = await t.db.product.findUniqueOrThrow({ where: { slug: "stoneware-mug-set" }, ...withVariants });
  });

  const refused = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };
  const quantityOf = async (token: string, productId: string) =>
    (await readCart(t.db, token)).lines.find((l) => l.productId === productId)?.quantity;
  const newCart = async () =>
    (await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: mug.id, quantity: 1 })).token;

  it("adds once when the same add is submitted again (a second click, or a retry after a lost answer)", async () => {
    const token = await newCart();
    const form = { requestKey: newRequestKey(), productId: tee.id, quantity: "1" };
    expect((await addToCart(t.db, token, form)).replayed).toBe(false);
    const again = await addToCart(t.db, token, form);
    // The cart holds the mug it was made with and the one tee.
    expect(again).toMatchObject({ token, replayed: true, itemCount: 2 });
    expect(await quantityOf(token, tee.id)).toBe(1);
    // A deliberate second add comes with the next key the answer handed out.
    await addToCart(t.db, token, { ...form, requestKey: newRequestKey() });
    expect(await quantityOf(token, tee.id)).toBe(2);
  });

  it("adds once when the same submission races itself", async () => {
    const token = await newCart();
    const form = { requestKey: newRequestKey(), productId: tee.id, quantity: 2 };
    const results = await Promise.all(Array.from({ length: 5 }, () => addToCart(t.db, token, form)));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await quantityOf(token, tee.id)).toBe(2);
    expect(await t.db.cartRequest.count({ where: { key: form.requestKey } })).toBe(1);
  });

  it("refuses a key reused for a different change and changes nothing", async () => {
    const token = await newCart();
    const requestKey = newRequestKey();
    await addToCart(t.db, token, { requestKey, productId: tee.id, quantity: 1 });
    const before = await readCart(t.db, token);
    expect((await refused(addToCart(t.db, token, { requestKey, productId: tee.id, quantity: 3 }))).code).toBe(
      "CONFLICT",
    );
    expect((await refused(addToCart(t.db, token, { requestKey, productId: mug.id, quantity: 1 }))).code).toBe(
      "CONFLICT",
    );
    expect(
      (await refused(setCartQuantity(t.db, token, { requestKey, variantId: variantOf(tee), quantity: 1 }))).code,
    ).toBe("CONFLICT");
    expect(await readCart(t.db, token)).toEqual(before);
  });

  it("applies a quantity change once: replaying it after another change does not undo that change", async () => {
    const token = await newCart();
    const setThree = { requestKey: newRequestKey(), variantId: variantOf(mug), quantity: 3 };
    await setCartQuantity(t.db, token, setThree);
    await addToCart(t.db, token, { requestKey: newRequestKey(), productId: mug.id, quantity: 1 });
    expect(await quantityOf(token, mug.id)).toBe(4);
    await setCartQuantity(t.db, token, setThree);
    expect(await quantityOf(token, mug.id)).toBe(4);
  });

  it("scopes a key to its cart: the same key on another cart is a different request", async () => {
    const [first, second] = [await newCart(), await newCart()];
    const form = { requestKey: newRequestKey(), productId: tee.id, quantity: 1 };
    expect((await addToCart(t.db, first, form)).replayed).toBe(false);
    expect((await addToCart(t.db, second, form)).replayed).toBe(false);
    expect([await quantityOf(first, tee.id), await quantityOf(second, tee.id)]).toEqual([1, 1]);
  });

  it.each([
    ["missing", undefined],
    ["too short", "abc"],
    ["too long", "a".repeat(65)],
    ["not base64url", `${"a".repeat(21)}/`],
    ["not a string", 12345],
  ])("refuses a %s key with a clear message and changes nothing", async (_what, requestKey) => {
    const token = await newCart();
    const before = await readCart(t.db, token);
    const keys = await t.db.cartRequest.count();
    const error = await refused(addToCart(t.db, token, { requestKey, productId: tee.id, quantity: 1 }));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toMatch(/Reload the page/);
    expect(
      (await refused(setCartQuantity(t.db, token, { requestKey, variantId: variantOf(mug), quantity: 2 }))).code,
    ).toBe("VALIDATION");
    expect(await readCart(t.db, token)).toEqual(before);
    expect(await t.db.cartRequest.count()).toBe(keys);
  });

  it("expires keys after a day; the sweep deletes them", async () => {
    const token = await newCart();
    const form = { requestKey: newRequestKey(), productId: tee.id, quantity: 1 };
    await addToCart(t.db, token, form);
    const row = await t.db.cartRequest.findFirstOrThrow({ where: { key: form.requestKey } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(CART_REQUEST_TTL_MS);
    await purgeExpiredCartRequests(t.db, new Date(row.expiresAt.getTime() - 1000));
    expect(await t.db.cartRequest.count({ where: { id: row.id } })).toBe(1);
    // Past its expiry the key is no longer honoured: the same form adds again.
    await t.db.cartRequest.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await addToCart(t.db, token, form)).replayed).toBe(false);
    expect(await quantityOf(token, tee.id)).toBe(2);
    await t.db.cartRequest.updateMany({
      where: { key: form.requestKey },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await purgeExpiredCartRequests(t.db)).toBeGreaterThanOrEqual(1);
    expect(await t.db.cartRequest.count({ where: { key: form.requestKey } })).toBe(0);
  });

  it("deletes a cart's keys with the cart", async () => {
    const cart = await t.db.cart.findUniqueOrThrow({
      where: { tokenHash: hashToken(await newCart()) },
      select: { id: true },
    });
    expect(await t.db.cartRequest.count({ where: { cartId: cart.id } })).toBe(1);
    await t.db.cart.delete({ where: { id: cart.id } });
    expect(await t.db.cartRequest.count({ where: { cartId: cart.id } })).toBe(0);
  });
});
