import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasskeySignIn } from "@/components/auth/passkey-sign-in";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/current-user";
import { safeNext } from "@/lib/auth/page-guards";
import { signInAction } from "./actions";
import { beginPasskeySignInAction, finishPasskeySignInAction } from "./passkey-actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  if (await currentUser()) redirect(next);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-3xl font-bold">Sign in</h1>
      <SignInForm action={signInAction} next={next} />
      <PasskeySignIn next={next} actions={{ begin: beginPasskeySignInAction, finish: finishPasskeySignInAction }} />
    </div>
  );
}
