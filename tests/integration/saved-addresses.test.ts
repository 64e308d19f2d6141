import { describe, expect, it } from "vitest";
import {
  addAddress,
  defaultAddress,
  listAddresses,
  MAX_ADDRESSES,
  removeAddress,
  setDefaultAddress,
} from "@/lib/account/addresses";
import type { Actor } from "@/lib/auth/authorize";
import { AppError } from "@/lib/errors";
import { exportAccountData } from "@/lib/privacy/export";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { ctx, GOOD_PASSWORD } from "./auth-helpers";
import { createCustomer, privacyTestDeps } from "./privacy-helpers";

// A customer's address book: validated as checkout validates an address, one default that fills
// in checkout, only the customer's own rows reachable, and part of the account export.

const berlin = {
  name: "Erika Mustermann",
  line1: "Unter den Linden 1",
  line2: "3. OG",
  city: "Berlin",
  country: "DE",
  postalCode: "10117",
  phone: "030 1234567",
};
const newYork = { name: "Erika Mustermann", line1: "1 Broadway", city: "New York", country: "US", postalCode: "10004" };

describe.each(providers())("saved addresses on %s", (provider) => {
  const t = databaseSuite(provider);
  const customer = async (name: string): Promise<Actor> =>
    (await createCustomer(t.db, privacyTestDeps(t.db), name)).actor;

  it("saves an address the way checkout reads one, and the first becomes the default", async () => {
    const erika = await customer("erika");
    expect(await defaultAddress(t.db, erika)).toBeNull();
    const saved = await addAddress(t.db, erika, berlin);
    // Normalized as checkout normalizes: the phone in E.164.
    expect(saved).toMatchObject({ ...berlin, phone: "+49301234567", isDefault: true });
    const second = await addAddress(t.db, erika, newYork);
    expect(second.isDefault).toBe(false);
    expect((await defaultAddress(t.db, erika))?.id).toBe(saved.id);
    // Asked to be the default, a new address takes it over.
    const third = await addAddress(t.db, erika, { ...newYork, line1: "2 Broadway", makeDefault: "on" });
    expect((await defaultAddress(t.db, erika))?.id).toBe(third.id);
    expect((await listAddresses(t.db, erika)).filter((a) => a.isDefault)).toHaveLength(1);
  });

  it("refuses a bad address with every error named, and saves nothing", async () => {
    const max = await customer("max");
    const error = await addAddress(t.db, max, { ...berlin, postalCode: "1", city: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    expect((error as AppError).fields).toMatchObject({
      postalCode: "A German postcode (PLZ) is 5 digits, like 10115.",
      city: "Enter your city.",
    });
    expect(await listAddresses(t.db, max)).toEqual([]);
  });

  it("moves the default, and removing it makes the newest remaining address the default", async () => {
    const lin = await customer("lin");
    const a = await addAddress(t.db, lin, berlin);
    const b = await addAddress(t.db, lin, newYork);
    await setDefaultAddress(t.db, lin, { addressId: b.id });
    expect((await defaultAddress(t.db, lin))?.id).toBe(b.id);
    await removeAddress(t.db, lin, { addressId: b.id });
    expect((await defaultAddress(t.db, lin))?.id).toBe(a.id);
    await removeAddress(t.db, lin, { addressId: a.id });
    expect(await listAddresses(t.db, lin)).toEqual([]);
  });

  it("keeps each customer to their own addresses: another's id answers like an unknown one", async () => {
    const alice = await customer("alice");
    const mallory = await customer("mallory");
    const own = await addAddress(t.db, alice, berlin);
    for (const run of [
      () => setDefaultAddress(t.db, mallory, { addressId: own.id }),
      () => removeAddress(t.db, mallory, { addressId: own.id }),
      () => removeAddress(t.db, mallory, { addressId: "c".repeat(25) }),
    ]) {
      await expect(run()).rejects.toMatchObject({ code: "NOT_FOUND", message: "That address could not be found." });
    }
    expect(await listAddresses(t.db, mallory)).toEqual([]);
    expect(await defaultAddress(t.db, mallory)).toBeNull();
    await expect(listAddresses(t.db, null)).rejects.toBeInstanceOf(AppError);
    await expect(addAddress(t.db, null, berlin)).rejects.toBeInstanceOf(AppError);
    expect(await t.db.address.findUnique({ where: { id: own.id } })).not.toBeNull();
  });

  it("holds at most the documented number of addresses", async () => {
    const busy = await customer("busy");
    for (let i = 0; i < MAX_ADDRESSES; i++) await addAddress(t.db, busy, { ...newYork, line1: `${i + 1} Broadway` });
    await expect(addAddress(t.db, busy, newYork)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.db.address.count({ where: { userId: busy.id } })).toBe(MAX_ADDRESSES);
  });

  it("is part of the account export and goes with the account", async () => {
    const deps = privacyTestDeps(t.db);
    const kim = await createCustomer(t.db, deps, "kim");
    await addAddress(t.db, kim.actor, berlin);
    const { json } = await exportAccountData(deps, ctx(), kim.actor, { password: GOOD_PASSWORD });
    const data = JSON.parse(json) as { addresses: Array<Record<string, unknown>> };
    expect(data.addresses).toEqual([
      expect.objectContaining({ line1: berlin.line1, postalCode: "10117", isDefault: true }),
    ]);
    expect(Object.keys(data.addresses[0]!).sort()).toEqual([
      "city",
      "country",
      "createdAt",
      "isDefault",
      "line1",
      "line2",
      "name",
      "phone",
      "postalCode",
    ]);
    await t.db.user.delete({ where: { id: kim.actor.id } });
    expect(await t.db.address.count({ where: { userId: kim.actor.id } })).toBe(0);
  });
});
