import type { Metadata } from "next";
import { Pagination } from "@/components/catalog/pagination";
import { ProductGrid } from "@/components/catalog/product-card";
import { SearchFilters } from "@/components/catalog/search-filters";
import { categoriesForPage } from "@/lib/catalog/cached";
import { searchCatalog } from "@/lib/catalog/search";
import { readSearchParams, type SearchForm } from "@/lib/catalog/search-query";
import { db } from "@/lib/db";

// Result pages are endless and thin: kept out of search engines' indexes (robots.txt too).
export const metadata: Metadata = { title: "Search", robots: { index: false, follow: true } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The same search on another page, with the filters as typed; empty fields left out. */
function pageHref(form: SearchForm, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({
    q: form.q,
    category: form.category,
    min: form.min,
    max: form.max,
    stock: form.stock,
    sort: form.sort === "relevance" ? undefined : form.sort,
  })) {
    if (value) params.set(key, value);
  }
  params.set("page", String(page));
  return `/search?${params.toString()}`;
}

export default async function SearchPage({ searchParams }: Props) {
  const { form, input, errors } = readSearchParams(await searchParams);
  const [results, categories] = await Promise.all([searchCatalog(db(), input), categoriesForPage()]);
  const searched =
    results.total > 0 ||
    input.query !== "" ||
    Boolean(input.category || input.inStock || input.minCents !== undefined || input.maxCents !== undefined);
  const count = `${results.total} ${results.total === 1 ? "product" : "products"} found.`;
  return (
    <div>
      <h1 className="text-3xl font-bold">{form.q ? `Results for “${form.q}”` : "Search"}</h1>
      <p className="mt-2 mb-4 text-gray-800" role="status">
        {results.correctedFrom
          ? `Nothing matched “${results.correctedFrom}”. Showing results for “${results.query}”: ${count}`
          : searched
            ? count
            : "Type a product name or a word from its description, or choose a filter."}
      </p>
      <SearchFilters form={form} categories={categories} errors={errors} />
      {results.items.length > 0 ? (
        <ProductGrid products={results.items} label="Search results" headingLevel={2} />
      ) : null}
      {searched && results.total === 0 ? (
        <section aria-labelledby="browse-heading" className="mt-6">
          <h2 id="browse-heading" className="text-xl font-semibold">
            Browse a category instead
          </h2>
          <ul className="mt-2 flex flex-wrap gap-3">
            {categories.map((c) => (
              <li key={c.slug}>
                <a
                  href={`/category/${c.slug}`}
                  className="inline-block rounded border border-gray-400 px-3 py-1 text-blue-800 hover:bg-gray-100"
                >
                  {c.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Pagination page={results.page} pageCount={results.pageCount} href={(p) => pageHref(form, p)} />
    </div>
  );
}
