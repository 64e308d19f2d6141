import type { Metadata } from "next";
import Link from "next/link";
import { AddressBook } from "@/components/account/address-book";
import { listAddresses } from "@/lib/account/addresses";
import { userForPage } from "@/lib/auth/page-guards";
import { COUNTRIES } from "@/lib/checkout/countries";
import { db } from "@/lib/db";
import { addAddressAction, removeAddressAction, setDefaultAddressAction } from "./actions";

export const metadata: Metadata = { title: "Your addresses" };

export default async function AddressesPage() {
  const actor = await userForPage("/account/addresses");
  const addresses = await listAddresses(db(), actor);
  const countries = Object.entries(COUNTRIES).sort((a, b) => a[1].localeCompare(b[1]));
  const view = addresses.map((a) => ({
    id: a.id,
    name: a.name,
    isDefault: a.isDefault,
    lines: [a.line1, a.line2, `${a.postalCode} ${a.city}`, COUNTRIES[a.country] ?? a.country, a.phone].filter(
      (l): l is string => Boolean(l),
    ),
  }));
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <p>
        <Link href="/account" className="text-blue-800 underline">
          Your account
        </Link>
      </p>
      <h1 className="text-3xl font-bold">Your addresses</h1>
      <AddressBook
        addresses={view}
        countries={countries}
        actions={{ add: addAddressAction, setDefault: setDefaultAddressAction, remove: removeAddressAction }}
      />
    </div>
  );
}
