import type { Metadata } from "next";
import { Pagination } from "@/components/catalog/pagination";
import { ProductGrid } from "@/components/catalog/product-card";
import { pageSchema, searchProducts, searchQuerySchema } from "@/lib/catalog/queries";
import { db } from "@/lib/db";

// Result pages are endless and thin: kept out of search engines' indexes (robots.txt too).
export const metadata: Metadata = { title: "Search", robots: { index: false, follow: true } };

type Props = { searchParams: Promise<{ q?: string; page?: string }> };

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = searchQuerySchema.parse(params.q ?? "");
  const results = await searchProducts(db(), q, pageSchema.parse(params.page));
  return (
    <div>
      <h1 className="text-3xl font-bold">{q ? `Results for “${q}”` : "Search"}</h1>
      <p className="mb-6 mt-2 text-gray-800" role="status">
        {q ? `${results.total} ${results.total === 1 ? "product" : "products"} found.` : "Type a product name or a word from its description."}
      </p>
      {results.items.length > 0 ? <ProductGrid products={results.items} label="Search results" headingLevel={2} /> : null}
      <Pagination page={results.page} pageCount={results.pageCount} href={(p) => `/search?q=${encodeURIComponent(q)}&page=${p}`} />
    </div>
  );
}
