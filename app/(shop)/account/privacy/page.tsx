import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { Field } from "@/components/forms/form-parts";
import { userForPage } from "@/lib/auth/page-guards";
import { deleteAccountAction } from "./actions";

export const metadata: Metadata = { title: "Your data" };

// Fixed messages for the export's refusals (the route sends back a code, not text).
const EXPORT_ERRORS: Record<string, string> = {
  password: "That password is not correct.",
  limited: "Too many attempts. Please try again in an hour.",
  failed: "Your data could not be exported just now. Please try again.",
};

const link = "text-blue-800 underline hover:text-blue-900";

export default async function PrivacyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await userForPage("/account/privacy");
  const params = await searchParams;
  const exportError = typeof params.export === "string" ? EXPORT_ERRORS[params.export] : undefined;
  return (
    <div className="flex max-w-3xl flex-col gap-10">
      <h1 className="text-3xl font-bold">Your data</h1>
      <p>
        What we keep about you, why and for how long is explained on our{" "}
        <Link href="/security#privacy" className={link}>
          security and privacy page
        </Link>
        .
      </p>
      <section aria-labelledby="export-heading" className="flex flex-col gap-4">
        <h2 id="export-heading" className="text-2xl font-semibold">
          Download your data
        </h2>
        <p>
          A JSON file with your profile, addresses, orders, the payment details we store (card brand, last 4 digits,
          expiry, country), payment attempts, sign-in history, sessions and passkey names. Enter your password to
          confirm it is you.
        </p>
        <form
          method="post"
          action="/account/privacy/export"
          aria-label="Download your data"
          data-testid="export-form"
          className="flex flex-col gap-3"
        >
          <Field name="password" label="Password" type="password" autoComplete="current-password" />
          <button
            type="submit"
            className="self-start rounded bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900"
          >
            Download my data
          </button>
          {exportError ? (
            <p role="alert" className="font-medium text-red-800" data-testid="export-error">
              {exportError}
            </p>
          ) : null}
        </form>
      </section>
      <section aria-labelledby="delete-heading" className="flex flex-col gap-4">
        <h2 id="delete-heading" className="text-2xl font-semibold">
          Delete your account
        </h2>
        <p>
          This signs you out everywhere and removes your name, email, addresses, sign-in history, passkeys and
          two-factor settings. Your orders stay in our accounts, as the law requires, but without your personal details.
          It cannot be undone. It is not possible while an order is being reviewed or paid, or its payment is disputed.
        </p>
        <ActionForm
          action={deleteAccountAction}
          submitLabel="Delete my account"
          tone="danger"
          label="Delete your account"
          testId="delete-form"
        >
          <Field name="password" label="Password" type="password" autoComplete="current-password" />
        </ActionForm>
      </section>
    </div>
  );
}
