import "server-only";
import { z } from "zod";
import { requireUser, type Actor } from "@/lib/auth/authorize";
import { addressSchema } from "@/lib/checkout/schemas";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

// A customer's address book. Every function takes the signed-in actor and touches only that
// account's rows: another account's address id answers exactly like an unknown one. The
// default address fills in the checkout form; the first address saved becomes the default, and
// removing the default makes the newest remaining one the default.

export const MAX_ADDRESSES = 20;

export type SavedAddress = {
  id: string;
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
  isDefault: boolean;
};

const SELECT = {
  id: true,
  name: true,
  line1: true,
  line2: true,
  city: true,
  postalCode: true,
  country: true,
  phone: true,
  isDefault: true,
} as const;

const idSchema = z.object({
  addressId: z.string({ error: "Choose an address." }).regex(/^[a-z0-9]{20,32}$/, "Choose an address."),
});
const saveSchema = z.object({ makeDefault: z.enum(["on"]).optional() });

export async function listAddresses(db: Db, actor: Actor | null): Promise<SavedAddress[]> {
  const user = requireUser(actor);
  return db.address.findMany({
    where: { userId: user.id },
    select: SELECT,
    orderBy: [{ isDefault: "desc" }, { createdAt: "desc" }],
  });
}

/** The address checkout fills in for this customer, or null. */
export async function defaultAddress(db: Db, actor: Actor | null): Promise<SavedAddress | null> {
  if (!actor) return null;
  return db.address.findFirst({ where: { userId: actor.id, isDefault: true }, select: SELECT });
}

/** Saves a new address (validated as checkout validates one); the first one, or one asked to be, becomes the default. */
export async function addAddress(db: Db, actor: Actor | null, input: unknown): Promise<SavedAddress> {
  const user = requireUser(actor);
  const address = parseInput(addressSchema, input);
  const { makeDefault } = parseInput(saveSchema, input);
  return inTransaction(db, async (tx) => {
    const count = await tx.address.count({ where: { userId: user.id } });
    if (count >= MAX_ADDRESSES)
      throw new AppError("CONFLICT", `Your address book holds at most ${MAX_ADDRESSES} addresses. Remove one first.`);
    const isDefault = count === 0 || makeDefault === "on";
    if (isDefault)
      await tx.address.updateMany({ where: { userId: user.id, isDefault: true }, data: { isDefault: false } });
    return tx.address.create({
      data: {
        userId: user.id,
        name: address.name,
        line1: address.line1,
        line2: address.line2 ?? null,
        city: address.city,
        postalCode: address.postalCode,
        country: address.country,
        phone: address.phone ?? null,
        isDefault,
      },
      select: SELECT,
    });
  });
}

/** Makes one of the customer's own addresses the default. */
export async function setDefaultAddress(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const user = requireUser(actor);
  const { addressId } = parseInput(idSchema, input);
  await inTransaction(db, async (tx) => {
    const own = await tx.address.findFirst({ where: { id: addressId, userId: user.id }, select: { id: true } });
    if (!own) throw notFound("That address");
    await tx.address.updateMany({ where: { userId: user.id, isDefault: true }, data: { isDefault: false } });
    await tx.address.update({ where: { id: own.id }, data: { isDefault: true } });
  });
}

/** Removes one of the customer's own addresses. */
export async function removeAddress(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const user = requireUser(actor);
  const { addressId } = parseInput(idSchema, input);
  await inTransaction(db, async (tx) => {
    const own = await tx.address.findFirst({
      where: { id: addressId, userId: user.id },
      select: { id: true, isDefault: true },
    });
    if (!own) throw notFound("That address");
    await tx.address.delete({ where: { id: own.id } });
    if (!own.isDefault) return;
    const next = await tx.address.findFirst({
      where: { userId: user.id },
      orderBy: { createdAt: "desc" },
      select: { id: true },
    });
    if (next) await tx.address.update({ where: { id: next.id }, data: { isDefault: true } });
  });
}
