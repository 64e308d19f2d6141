import Link from "next/link";
import { Suspense } from "react";
import { AccountNav } from "@/components/auth/account-nav";
import { CartCount } from "@/components/cart/cart-count";
import { HeaderSearchInput, SearchInput } from "@/components/layout/header-search";

// Links to the catalog pages (home, categories, products) are plain anchors in the header, the
// product cards and pagination: a full load of one of those pages is served from the shared copy
// (server.ts), while a client-side navigation or a viewport prefetch would make the server render
// an RSC payload per click and per visible link. The cart and account links stay <Link>s.
export function SiteHeader({
  categories,
  cartCount,
}: {
  categories: { slug: string; name: string }[];
  cartCount: number;
}) {
  return (
    <header className="border-b border-gray-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load of / is the shared copy (see above) */}
        <a href="/" className="text-xl font-bold text-gray-900">
          Secure Store
        </a>
        <form action="/search" method="get" role="search" className="flex flex-1 items-center gap-2">
          <label htmlFor="site-search" className="sr-only">
            Search products
          </label>
          <Suspense fallback={<SearchInput query="" />}>
            <HeaderSearchInput />
          </Suspense>
          <button type="submit" className="rounded bg-gray-900 px-3 py-1.5 font-medium text-white hover:bg-gray-700">
            Search
          </button>
        </form>
        <AccountNav />
        <Link
          href="/cart"
          className="relative rounded px-2 py-1 font-medium text-gray-900 hover:bg-gray-100"
          data-testid="cart-link"
        >
          Cart
          <CartCount count={cartCount} />
        </Link>
      </div>
      <nav aria-label="Categories" className="mx-auto max-w-6xl px-4 pb-3">
        <ul className="flex flex-wrap gap-4 text-sm">
          {categories.map((c) => (
            <li key={c.slug}>
              <a href={`/category/${c.slug}`} className="text-gray-800 hover:text-blue-800 hover:underline">
                {c.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
