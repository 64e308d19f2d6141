import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-gray-200 bg-gray-50">
      <div className="mx-auto flex max-w-6xl flex-wrap gap-6 px-4 py-8 text-sm text-gray-800">
        <p>Payments are handled on Stripe&apos;s secure page: your card number never reaches this store.</p>
        <p>We will never ask for your password or card details by email, text or chat.</p>
        <p>
          <Link href="/security" className="text-blue-800 underline hover:text-blue-900">
            How we protect your data
          </Link>
        </p>
      </div>
    </footer>
  );
}
