import type { Metadata } from "next";
import Link from "next/link";
import { isStaff } from "@/lib/auth/authorize";
import { userForPage } from "@/lib/auth/page-guards";
import { signOutAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const actor = await userForPage("/account");
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <h1 className="text-3xl font-bold">Your account</h1>
      <dl className="grid grid-cols-[8rem_1fr] gap-2">
        <dt className="font-medium">Name</dt>
        <dd data-testid="account-name">{actor.name}</dd>
        <dt className="font-medium">Email</dt>
        <dd data-testid="account-email">{actor.email}</dd>
        <dt className="font-medium">Two-factor</dt>
        <dd>{actor.twoFactorEnabled ? "On" : "Off"}</dd>
      </dl>
      <ul className="flex flex-col gap-2">
        <li>
          <Link href="/account/security" className="text-blue-800 underline">
            Security: password, two-factor authentication, sessions and activity
          </Link>
        </li>
        <li>
          <Link href="/account/addresses" className="text-blue-800 underline">
            Addresses: the address book checkout fills in for you
          </Link>
        </li>
        <li>
          <Link href="/account/privacy" className="text-blue-800 underline">
            Your data: download it or delete your account
          </Link>
        </li>
        {isStaff(actor) ? (
          <li>
            <Link href="/admin" className="text-blue-800 underline">
              Admin area
            </Link>
          </li>
        ) : null}
      </ul>
      <form action={signOutAction}>
        <button
          type="submit"
          className="rounded border border-gray-500 px-4 py-2 font-semibold text-gray-900 hover:bg-gray-100"
        >
          Sign out
        </button>
      </form>
    </div>
  );
}
