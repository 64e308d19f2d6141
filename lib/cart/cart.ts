import "server-only";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashToken, newToken } from "@/lib/security/tokens";
import { parseInput } from "@/lib/validation";
import { inTransaction } from "@/lib/db/transaction";
import { optionNames, variantLabel, variantTitle } from "@/lib/catalog/variants";
import { alreadyApplied, isUniqueViolation, recordRequestKey, type CartChange } from "./request-keys";
import {
  addToCartSchema,
  cartTokenSchema,
  MAX_LINE_QUANTITY,
  removeFromCartSchema,
  setQuantitySchema,
} from "./schemas";

// The cart is held on the server; the browser keeps only an opaque random token (cookie), and
// the database only that token's hash. Totals are always computed here from catalog prices.

type CartLine = {
  productId: string;
  /** What the line holds: one variant of the product, and the line's key for changes. */
  variantId: string;
  /** The variant's option values ("M / Blue"), "" for a product without options. */
  variantTitle: string;
  slug: string;
  name: string;
  imagePath: string;
  imageAlt: string;
  unitPriceCents: number;
  quantity: number;
  stock: number;
  lineTotalCents: number;
  available: boolean;
};

export type CartView = { lines: CartLine[]; itemCount: number; subtotalCents: number; currency: string };

const EMPTY_CART: CartView = { lines: [], itemCount: 0, subtotalCents: 0, currency: "usd" };

async function findCart(db: Db, token: string | undefined) {
  if (!token || !cartTokenSchema.safeParse(token).success) return null;
  return db.cart.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true } });
}

export async function readCart(db: Db, token: string | undefined): Promise<CartView> {
  const cart = await findCart(db, token);
  if (!cart) return EMPTY_CART;
  const items = await db.cartItem.findMany({
    where: { cartId: cart.id },
    orderBy: { createdAt: "asc" },
    select: {
      quantity: true,
      variant: {
        select: {
          id: true,
          option1: true,
          option2: true,
          priceCents: true,
          stock: true,
          product: {
            select: { id: true, slug: true, name: true, imagePath: true, imageAlt: true, currency: true, active: true },
          },
        },
      },
    },
  });
  const lines = items.map(({ quantity, variant: v }) => ({
    productId: v.product.id,
    variantId: v.id,
    variantTitle: variantTitle(v),
    slug: v.product.slug,
    name: v.product.name,
    imagePath: v.product.imagePath,
    imageAlt: v.product.imageAlt,
    unitPriceCents: v.priceCents,
    quantity,
    stock: v.stock,
    lineTotalCents: v.priceCents * quantity,
    available: v.product.active && v.stock >= quantity,
  }));
  return {
    lines,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotalCents: lines.reduce((n, l) => n + l.lineTotalCents, 0),
    currency: items[0]?.variant.product.currency ?? "usd",
  };
}

type Purchasable = { id: string; stock: number; name: string };

const noLongerAvailable = () =>
  new AppError("NOT_FOUND", "That product is no longer available.", {
    productId: "That product is no longer available.",
  });

/**
 * The variant an add-to-cart form names, on sale: the one chosen (it must belong to the product),
 * or the product's only variant when the form chose none. A product with several variants and
 * no choice asks for one by its option names ("Choose a size and colour.").
 */
async function purchasableVariant(db: Db, productId: string, variantId: string | undefined): Promise<Purchasable> {
  const product = await db.product.findFirst({
    where: { id: productId, active: true },
    select: {
      name: true,
      option1Name: true,
      option2Name: true,
      variants: {
        where: variantId ? { id: variantId } : {},
        take: 2,
        select: { id: true, stock: true, option1: true, option2: true },
      },
    },
  });
  if (!product) throw noLongerAvailable();
  if (variantId && product.variants.length !== 1)
    throw new AppError("NOT_FOUND", "That option is no longer available.", {
      variantId: "That option is no longer available.",
    });
  if (product.variants.length !== 1) {
    const message = `Choose a ${optionNames(product).join(" and ").toLowerCase() || "option"}.`;
    throw new AppError("VALIDATION", message, { variantId: message });
  }
  const variant = product.variants[0]!;
  return { id: variant.id, stock: variant.stock, name: variantLabel(product.name, variant) };
}

/** The variant of a cart line, for a new quantity: on sale, with its stock. */
async function lineVariant(db: Db, variantId: string): Promise<Purchasable> {
  const variant = await db.productVariant.findFirst({
    where: { id: variantId, product: { active: true } },
    select: { id: true, stock: true, option1: true, option2: true, product: { select: { name: true } } },
  });
  if (!variant) throw noLongerAvailable();
  return { id: variant.id, stock: variant.stock, name: variantLabel(variant.product.name, variant) };
}

function checkStock(product: { stock: number; name: string }, quantity: number) {
  if (product.stock <= 0) throw new AppError("CONFLICT", `${product.name} is sold out.`, { quantity: "Sold out." });
  if (quantity > product.stock) {
    throw new AppError(
      "VALIDATION",
      `Only ${product.stock} of ${product.name} left: choose ${product.stock} or fewer.`,
      {
        quantity: `Only ${product.stock} left.`,
      },
    );
  }
  if (quantity > MAX_LINE_QUANTITY) {
    throw new AppError("VALIDATION", `At most ${MAX_LINE_QUANTITY} of one product per order.`, {
      quantity: `At most ${MAX_LINE_QUANTITY}.`,
    });
  }
}

/**
 * Adds to the cart, creating one when the token is missing or unknown; returns the token to keep
 * and the cart's item count (all the answer shows: the cart itself is not read back).
 * The form's one-time key makes a repeated submission add once (`replayed`: nothing changed).
 */
export async function addToCart(
  db: Db,
  token: string | undefined,
  input: unknown,
): Promise<{ token: string; itemCount: number; replayed: boolean }> {
  const parsed = parseInput(addToCartSchema, input);
  const { quantity, requestKey } = parsed;
  const product = await purchasableVariant(db, parsed.productId, parsed.variantId);
  const variantId = product.id;
  const change: CartChange = { op: "add", variantId, quantity };
  const found = await findCart(db, token);
  const replay = async () => ({ token: token ?? "", itemCount: await itemCount(db, found!.id), replayed: true });
  if (found && (await alreadyApplied(db, found.id, requestKey, change))) return replay();
  const existing =
    found &&
    (await db.cartItem.findUnique({
      where: { cartId_variantId: { cartId: found.id, variantId } },
      select: { quantity: true },
    }));
  // Checked before anything is written: a refused add leaves no new cart behind.
  checkStock(product, (existing?.quantity ?? 0) + quantity);
  const cartToken = found && token ? token : newToken(32);
  try {
    const count = await inTransaction(db, async (tx) => {
      if (!found) {
        // A new cart holds this one line: its count is the quantity checked above.
        const cart = await tx.cart.create({
          data: { tokenHash: hashToken(cartToken), items: { create: { variantId, quantity } } },
          select: { id: true },
        });
        await recordRequestKey(tx, cart.id, requestKey, change);
        return quantity;
      }
      await recordRequestKey(tx, found.id, requestKey, change);
      // An increment, not the total read above: two different adds racing both count.
      const line = await tx.cartItem.upsert({
        where: { cartId_variantId: { cartId: found.id, variantId } },
        create: { cartId: found.id, variantId, quantity },
        update: { quantity: { increment: quantity } },
        select: { quantity: true },
      });
      checkStock(product, line.quantity);
      return itemCount(tx, found.id);
    });
    return { token: cartToken, itemCount: count, replayed: false };
  } catch (error) {
    // The same submission, racing itself, committed first: answer as a replay.
    if (found && isUniqueViolation(error) && (await alreadyApplied(db, found.id, requestKey, change))) return replay();
    throw error;
  }
}

async function itemCount(db: Db, cartId: string): Promise<number> {
  return (await db.cartItem.aggregate({ where: { cartId }, _sum: { quantity: true } }))._sum.quantity ?? 0;
}

async function requireLine(db: Db, token: string | undefined, variantId: string) {
  const cart = await findCart(db, token);
  const line =
    cart &&
    (await db.cartItem.findUnique({
      where: { cartId_variantId: { cartId: cart.id, variantId } },
      select: { id: true },
    }));
  if (!cart || !line) throw new AppError("NOT_FOUND", "That item is not in your cart.");
  return { cartId: cart.id, lineId: line.id };
}

/**
 * Sets a line's quantity, 0 removing the line; the form's one-time key makes a repeated
 * submission apply once (a replayed 0 finds the line gone and answers as before).
 */
export async function setCartQuantity(db: Db, token: string | undefined, input: unknown): Promise<CartView> {
  const { variantId, quantity, requestKey } = parseInput(setQuantitySchema, input);
  const change: CartChange = { op: "set-quantity", variantId, quantity };
  const cart = await findCart(db, token);
  if (cart && (await alreadyApplied(db, cart.id, requestKey, change))) return readCart(db, token);
  const { cartId, lineId } = await requireLine(db, token, variantId);
  // Lowering to 0 needs no stock, nor a product still on sale.
  if (quantity > 0) checkStock(await lineVariant(db, variantId), quantity);
  try {
    await inTransaction(db, async (tx) => {
      await recordRequestKey(tx, cartId, requestKey, change);
      const updated =
        quantity === 0
          ? await tx.cartItem.deleteMany({ where: { id: lineId } })
          : await tx.cartItem.updateMany({ where: { id: lineId }, data: { quantity } });
      if (updated.count !== 1) throw new AppError("NOT_FOUND", "That item is not in your cart.");
    });
  } catch (error) {
    if (isUniqueViolation(error) && (await alreadyApplied(db, cartId, requestKey, change))) return readCart(db, token);
    throw error;
  }
  return readCart(db, token);
}

export async function removeFromCart(db: Db, token: string | undefined, input: unknown): Promise<CartView> {
  const { variantId } = parseInput(removeFromCartSchema, input);
  const { lineId } = await requireLine(db, token, variantId);
  await db.cartItem.delete({ where: { id: lineId } });
  return readCart(db, token);
}
