import Link from "next/link";
import { currentUser } from "@/lib/auth/current-user";

// Header links: "Sign in" for visitors, the account for signed-in users.
export async function AccountNav() {
  const actor = await currentUser();
  const link = "rounded px-2 py-1 font-medium text-gray-900 hover:bg-gray-100";
  if (!actor) {
    return (
      <Link href="/signin" className={link} data-testid="signin-link">
        Sign in
      </Link>
    );
  }
  return (
    <Link href="/account" className={link} data-testid="account-link">
      Account<span className="sr-only">: {actor.name}</span>
    </Link>
  );
}
