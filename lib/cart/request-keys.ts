import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newToken } from "@/lib/security/tokens";
import { canonicalJson } from "@/lib/audit/log";

// One-time keys for cart changes. The server renders a fresh random key into every add-to-cart
// and quantity form and hands back the next one with each answer; the form sends it with the
// change. The change and its key commit in one transaction, so a submission that is repeated (a
// second click, a retry after the answer was lost because the instance died) finds its key and
// changes nothing. Keys are scoped to the cart: a key means nothing on another cart, so the
// shared catalog pages (which give cookieless shoppers, who have no cart yet, the same page and
// so the same key) cannot make one shopper's add look like a replay of another's. A key reused
// for a different change is refused. Keys live a day and the sweep deletes them.

export const CART_REQUEST_TTL_MS = 24 * 60 * 60_000;

/** 16 random bytes, base64url: what the forms carry in their `requestKey` field. */
export const newRequestKey = (): string => newToken(16);

export type CartChange = { op: "add" | "set-quantity"; variantId: string; quantity: number };

const payloadHash = (change: CartChange) => createHash("sha256").update(canonicalJson(change)).digest("hex");

const reusedKey = () =>
  new AppError("CONFLICT", "This form was already used for another change. Reload the page and try again.", {
    requestKey: "Reload the page and try again.",
  });

/**
 * True when this cart already applied this key for exactly this change (a replay: change
 * nothing, answer as before). Throws CONFLICT when the key was used for a different change.
 * An expired key counts as unused.
 */
export async function alreadyApplied(
  db: Db,
  cartId: string,
  key: string,
  change: CartChange,
  now: Date = new Date(),
): Promise<boolean> {
  const row = await db.cartRequest.findUnique({
    where: { cartId_key: { cartId, key } },
    select: { payloadHash: true, expiresAt: true },
  });
  if (!row || row.expiresAt <= now) return false;
  if (row.payloadHash !== payloadHash(change)) throw reusedKey();
  return true;
}

/**
 * Records the key inside the transaction that applies the change. Two identical submissions
 * racing each other both get past alreadyApplied; the unique (cartId, key) index lets only one
 * commit; the loser's caller sees the unique violation, asks alreadyApplied again and answers
 * as a replay.
 */
export async function recordRequestKey(
  tx: Db,
  cartId: string,
  key: string,
  change: CartChange,
  now: Date = new Date(),
): Promise<void> {
  await tx.cartRequest.deleteMany({ where: { cartId, key, expiresAt: { lte: now } } });
  await tx.cartRequest.create({
    data: {
      cartId,
      key,
      payloadHash: payloadHash(change),
      createdAt: now,
      expiresAt: new Date(now.getTime() + CART_REQUEST_TTL_MS),
    },
  });
}

/** A unique violation: the transaction lost a race (for its key, or for its line's first insert). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Deletes expired keys (the background sweep); returns how many. */
export async function purgeExpiredCartRequests(db: Db, now: Date = new Date()): Promise<number> {
  return (await db.cartRequest.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
