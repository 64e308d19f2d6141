"use client";
import { usePathname, useSearchParams } from "next/navigation";

export function SearchInput({ query }: { query: string }) {
  return (
    <input
      id="site-search"
      name="q"
      type="search"
      maxLength={100}
      placeholder="Search products"
      defaultValue={query}
      key={query}
      className="w-full max-w-sm rounded border border-gray-400 px-3 py-1.5 text-gray-900"
    />
  );
}

// The header's search box keeps the query on the search page, so a shopper can refine it. The
// catalog pages shared between shoppers (server.ts) have no query and render the empty box.
export function HeaderSearchInput() {
  const onSearch = usePathname() === "/search";
  const query = useSearchParams().get("q") ?? "";
  return <SearchInput query={onSearch ? query.slice(0, 100) : ""} />;
}
