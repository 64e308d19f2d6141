import Link from "next/link";
import type { ReactNode } from "react";

// The admin area's frame, without the shop's search box, cart or footer: a banner naming the area
// (and, on the dashboard, who is signed in and the navigation), then the page's <main>.
export function AdminFrame({ account, nav, children }: { account?: ReactNode; nav?: ReactNode; children: ReactNode }) {
  return (
    <>
      <header className="border-b border-gray-300 bg-gray-50">
        <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-3">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <p className="flex flex-wrap items-baseline gap-x-3 text-sm text-gray-800">
              {account ? (
                <span className="text-lg font-bold text-gray-900" data-testid="admin-heading">
                  Store admin
                </span>
              ) : (
                <span className="text-lg font-bold text-gray-900">Store admin</span>
              )}
              {account}
            </p>
            <p className="flex flex-wrap gap-x-4 text-sm">
              <Link href="/account" className="font-medium text-blue-800 underline">
                Your account
              </Link>
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- the catalog is served as a full page load (components/layout/site-header.tsx) */}
              <a href="/" className="font-medium text-blue-800 underline">
                View the store
              </a>
            </p>
          </div>
          {nav}
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </>
  );
}
