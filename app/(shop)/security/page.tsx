import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { env } from "@/lib/env";

export const metadata: Metadata = {
  title: "How we protect your data",
  description: "What the store keeps about you, what it never stores, and how to report a security problem.",
};

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3">
      <h2 id={id} className="text-2xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

const link = "text-blue-800 underline hover:text-blue-900";

export default function SecurityPage() {
  // The same address security.txt publishes, so the two can never disagree.
  const contact = `security@${new URL(env().APP_URL).hostname}`;
  return (
    <article className="flex max-w-3xl flex-col gap-10">
      <header>
        <h1 className="text-3xl font-bold">How we protect your data</h1>
        <p className="mt-3 text-gray-800">
          What this store keeps about you, what it never sees, and what you can do to keep your account safe.
        </p>
      </header>

      <Section id="what-we-store" title="What we store about you">
        <ul className="list-disc space-y-1 pl-6">
          <li>
            Your account: name, email address, phone number if you give one, and your password in a form that cannot be
            turned back into it.
          </li>
          <li>Your orders: the items, prices and the shipping address you entered.</li>
          <li>
            For each card payment, only what the payment provider tells us: the card brand, the last 4 digits, the
            expiry date, the issuing country, a fingerprint that lets us recognise the same card again, and the
            cardholder name, with the billing address.
          </li>
          <li>
            For your safety: the IP address, the country it belongs to and the browser used for sign-ups, sign-ins and
            orders, so we can spot an account or card being misused. You can see and end your signed-in sessions in
            Account → Security.
          </li>
        </ul>
      </Section>

      <Section id="what-we-never-store" title="What we never store">
        <p>
          Your full card number and security code never reach this store. When you pay, you enter your card on
          Stripe&apos;s hosted payment page, and Stripe processes it there. What we never receive cannot leak from us.
        </p>
      </Section>

      <Section id="passwords" title="How your password is protected">
        <p>
          We store passwords only as Argon2id hashes: a slow, memory-hard one-way function designed so that even someone
          who stole our database could not feasibly recover them. We refuse passwords that are too short or that appear
          on lists of common and breached passwords, and we limit repeated sign-in attempts.
        </p>
      </Section>

      <Section id="two-factor" title="Two-factor authentication">
        <p>
          With two-factor authentication on, a stolen password is not enough to sign in: you also enter a 6-digit code
          from an authenticator app on your phone (any app that supports standard TOTP codes). Each code works once.
        </p>
        <ol className="list-decimal space-y-1 pl-6">
          <li>Sign in and open Account → Security.</li>
          <li>Scan the QR code with your authenticator app and enter the code it shows.</li>
          <li>Keep the recovery codes somewhere safe: each one lets you in once if you lose your phone.</li>
        </ol>
        <p>
          <Link href="/account/security" className={link}>
            Go to Account → Security
          </Link>
        </p>
      </Section>

      <Section id="privacy" title="Your data: what we keep and for how long">
        <p>
          We keep your orders (amounts, dates, items, delivery address) because accounting law requires it. We keep your
          sign-in history for 90 days and the network (IP) address you used for a year, by default, to protect your
          account and spot fraud; then they are deleted. We never store your card number or security code: only its
          brand, last 4 digits, expiry and country.
        </p>
        <p>
          From{" "}
          <Link href="/account/privacy" className={link}>
            Account → Your data
          </Link>{" "}
          you can download everything we hold about you as a file, or delete your account. Deleting it removes your
          name, email, addresses and sign-in history; your orders stay in our accounts without them.
        </p>
      </Section>

      <Section id="never-ask" title="We will never ask for your password or card details">
        <p>
          We will never ask for your password, a two-factor code or your card details by email, text message, phone or
          chat. Anyone who does is not us: do not answer, and tell us at the address below. You only ever enter card
          details on Stripe&apos;s payment page, reached from our checkout.
        </p>
      </Section>

      <Section id="report" title="Reporting a security problem">
        <p>
          If you think you have found a vulnerability, or something about your account looks wrong, email{" "}
          <a href={`mailto:${contact}`} className={link}>
            {contact}
          </a>
          . Please do not share details publicly until we have had a chance to fix it. Our disclosure details are in our{" "}
          <a href="/.well-known/security.txt" className={link}>
            security.txt
          </a>
          .
        </p>
      </Section>
    </article>
  );
}
