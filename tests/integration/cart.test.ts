import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart, readCart, removeFromCart, setCartQuantity } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { setProductStockOrPrice } from "../support/catalog";

describe.each(providers())("cart on %s", (provider) => {
  let t: TestDatabase;
  type Seeded = { id: string; priceCents: number; stock: number; variants: { id: string }[] };
  let tee: Seeded;
  let lamp: Seeded;
  const variantOf = (product: Seeded) => product.variants[0]!.id;
  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    const withVariants = { include: { variants: { select: { id: true } } } };
    tee = await t.db.product.findUniqueOrThrow({ where: { slug: "organic-cotton-tee" }, ...withVariants });
    lamp = await t.db.product.findUniqueOrThrow({ where: { slug: "smart-desk-lamp" }, ...withVariants });
  });
  afterAll(() => t.drop());

  const rejects = async (work: Promise<unknown>, code: string, message: RegExp) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).message).toMatch(message);
  };

  it("creates a cart on first add and totals it from database prices", async () => {
    const { token, itemCount } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: tee.id,
      quantity: "2",
      priceCents: 1,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(itemCount).toBe(2);
    const cart = await readCart(t.db, token);
    expect(cart.itemCount).toBe(2);
    expect(cart.subtotalCents).toBe(tee.priceCents * 2);
    const again = await addToCart(t.db, token, { requestKey: newRequestKey(), productId: tee.id, quantity: 1 });
    expect(again.token).toBe(token);
    expect(again.itemCount).toBe(3);
    expect((await readCart(t.db, token)).lines[0]?.quantity).toBe(3);
    // The count is the whole cart's, every line's quantity.
    const more = await addToCart(t.db, token, { requestKey: newRequestKey(), productId: lamp.id, quantity: 2 });
    expect(more.itemCount).toBe(5);
  });

  it("stores only the token's hash", async () => {
    const { token } = await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: tee.id, quantity: 1 });
    expect(await t.db.cart.findFirst({ where: { tokenHash: token } })).toBeNull();
  });

  it.each([
    ["-1", /at least 1/],
    ["1.5", /whole number/],
    ["100", /at most 99/],
    ["1e3", /at most 99/],
    ["abc", /quantity/i],
    ["", /at least 1|quantity/i],
  ])("refuses quantity %j and leaves the cart as it was", async (quantity, message) => {
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: tee.id,
      quantity: 1,
    });
    const before = await readCart(t.db, token);
    await rejects(
      addToCart(t.db, token, { requestKey: newRequestKey(), productId: tee.id, quantity }),
      "VALIDATION",
      message,
    );
    await rejects(
      setCartQuantity(t.db, token, { requestKey: newRequestKey(), variantId: variantOf(tee), quantity }),
      "VALIDATION",
      message,
    );
    expect(await readCart(t.db, token)).toEqual(before);
  });

  it("adds nothing for quantity 0, while setting a line to 0 removes it, once", async () => {
    const { token } = await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: tee.id, quantity: 1 });
    await addToCart(t.db, token, { requestKey: newRequestKey(), productId: lamp.id, quantity: 1 });
    await rejects(
      addToCart(t.db, token, { requestKey: newRequestKey(), productId: tee.id, quantity: "0" }),
      "VALIDATION",
      /at least 1/,
    );
    const requestKey = newRequestKey();
    const after = await setCartQuantity(t.db, token, { requestKey, variantId: variantOf(tee), quantity: "0" });
    expect(after.lines.map((l) => l.productId)).toEqual([lamp.id]);
    expect(after.subtotalCents).toBe(lamp.priceCents);
    // The same submission again (a double click, a retry): answered as before, nothing else changes.
    expect(await setCartQuantity(t.db, token, { requestKey, variantId: variantOf(tee), quantity: "0" })).toEqual(after);
    // A fresh 0 for a line no longer there is refused plainly.
    await rejects(
      setCartQuantity(t.db, token, { requestKey: newRequestKey(), variantId: variantOf(tee), quantity: 0 }),
      "NOT_FOUND",
      /not in your cart/,
    );
  });

  it("never lets a line exceed stock", async () => {
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: lamp.id,
      quantity: lamp.stock,
    });
    await rejects(
      addToCart(t.db, token, { requestKey: newRequestKey(), productId: lamp.id, quantity: 1 }),
      "VALIDATION",
      new RegExp(`Only ${lamp.stock} of`),
    );
    await rejects(
      setCartQuantity(t.db, token, {
        requestKey: newRequestKey(),
        variantId: variantOf(lamp),
        quantity: lamp.stock + 1,
      }),
      "VALIDATION",
      /Only/,
    );
    expect((await readCart(t.db, token)).lines[0]?.quantity).toBe(lamp.stock);
  });

  it("refuses sold-out, inactive and unknown products", async () => {
    const beanie = await t.db.product.findUniqueOrThrow({ where: { slug: "wool-beanie" } });
    await rejects(
      addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: beanie.id, quantity: 1 }),
      "CONFLICT",
      /sold out/,
    );
    await rejects(
      addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: "ckzzzzzzzzzzzzzzzzzzzzzzz", quantity: 1 }),
      "NOT_FOUND",
      /no longer available/,
    );
    await rejects(
      addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: "1 OR 1=1", quantity: 1 }),
      "VALIDATION",
      /does not exist/,
    );
    const cartsBefore = await t.db.cart.count();
    await rejects(
      addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: beanie.id, quantity: 1 }),
      "CONFLICT",
      /sold out/,
    );
    expect(await t.db.cart.count()).toBe(cartsBefore);
  });

  it("updates and removes lines", async () => {
    const { token } = await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: tee.id, quantity: 1 });
    await addToCart(t.db, token, { requestKey: newRequestKey(), productId: lamp.id, quantity: 1 });
    const updated = await setCartQuantity(t.db, token, {
      requestKey: newRequestKey(),
      variantId: variantOf(tee),
      quantity: "4",
    });
    expect(updated.lines.find((l) => l.productId === tee.id)?.quantity).toBe(4);
    expect(updated.subtotalCents).toBe(tee.priceCents * 4 + lamp.priceCents);
    const removed = await removeFromCart(t.db, token, { variantId: variantOf(tee) });
    expect(removed.lines.map((l) => l.productId)).toEqual([lamp.id]);
    await rejects(removeFromCart(t.db, token, { variantId: variantOf(tee) }), "NOT_FOUND", /not in your cart/);
  });

  it("treats a tampered or unknown token as an empty cart and never touches another cart", async () => {
    const { token } = await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: tee.id, quantity: 1 });
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const bad of [tampered, "", "x", "../../etc", `${token}'--`, undefined]) {
      expect((await readCart(t.db, bad)).lines).toEqual([]);
      await rejects(
        setCartQuantity(t.db, bad, { requestKey: newRequestKey(), variantId: variantOf(tee), quantity: 2 }),
        "NOT_FOUND",
        /not in your cart/,
      );
    }
    const fresh = await addToCart(t.db, tampered, { requestKey: newRequestKey(), productId: tee.id, quantity: 1 });
    expect(fresh.token).not.toBe(tampered);
    expect(fresh.token).not.toBe(token);
    expect((await readCart(t.db, token)).lines[0]?.quantity).toBe(1);
  });

  it("flags lines whose product went out of stock after they were added", async () => {
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: lamp.id,
      quantity: 1,
    });
    await setProductStockOrPrice(t.db, { id: lamp.id }, { stock: 0 });
    const cart = await readCart(t.db, token);
    expect(cart.lines[0]?.available).toBe(false);
    await setProductStockOrPrice(t.db, { id: lamp.id }, { stock: lamp.stock });
  });
});
