import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/catalog/pagination";
import { adminPage } from "@/lib/admin/request-guards";
import { PRODUCT_STATES, productState, searchProducts } from "@/lib/catalog/admin";
import { formatMoney } from "@/lib/catalog/format";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Products" };

const STATE_NAMES = { active: "Active", hidden: "Hidden", archived: "Archived" } as const;
const STATE_LABELS: Record<(typeof PRODUCT_STATES)[number], string> = {
  all: "All",
  active: "On sale",
  hidden: "Hidden (off sale, not archived)",
  archived: "Archived",
};

export default async function ProductsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const gate = await adminPage("/admin/products", "catalog.manage");
  if (!gate.allowed) forbidden();
  const params = await searchParams;
  const result = await searchProducts(db(), gate.staff, params);
  const { q, state, page } = result.filter;
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({ ...(q ? { q } : {}), ...(state !== "all" ? { state } : {}), ...extra }).toString();
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-bold">Products</h1>
        <Link
          href="/admin/products/new"
          className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800"
          data-testid="new-product"
        >
          New product
        </Link>
      </div>
      {params.deleted === "1" ? (
        <p role="status" className="rounded border border-green-700 bg-green-50 p-3 text-green-900">
          The product was deleted.
        </p>
      ) : null}
      <form method="get" role="search" aria-label="Search products" className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="products-q" className="text-sm font-medium">
            Name, slug or SKU
          </label>
          <input
            id="products-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={100}
            className="rounded border border-gray-500 px-3 py-1.5"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="products-state" className="text-sm font-medium">
            Show
          </label>
          <select
            id="products-state"
            name="state"
            defaultValue={state}
            className="rounded border border-gray-500 px-2 py-1.5"
          >
            {PRODUCT_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded bg-gray-900 px-3 py-1.5 font-medium text-white hover:bg-gray-700">
          Search
        </button>
      </form>
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <p className="text-sm text-gray-800" data-testid="products-total">
          {result.total} {result.total === 1 ? "product" : "products"}
        </p>
        {/* A file download, not a page: a plain link (no client-side navigation or prefetch). */}
        <a
          href={`/admin/products/export?${query({})}`}
          download
          className="text-sm font-medium text-blue-800 underline"
          data-testid="products-export"
        >
          Download these {result.total === 1 ? "product" : "products"} as CSV
        </a>
        <Link
          href="/admin/products/import"
          className="text-sm font-medium text-blue-800 underline"
          data-testid="products-import"
        >
          Import a CSV
        </Link>
      </div>
      {result.rows.length === 0 ? (
        <p className="rounded border border-gray-300 p-4 text-gray-800">No products match.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-sm" data-testid="products">
            <caption className="sr-only">Products by name</caption>
            <thead>
              <tr className="border-b border-gray-400 text-left">
                <th scope="col" className="px-2 py-2">
                  Product
                </th>
                <th scope="col" className="px-2 py-2">
                  SKU
                </th>
                <th scope="col" className="px-2 py-2">
                  Category
                </th>
                <th scope="col" className="px-2 py-2 text-right">
                  Price
                </th>
                <th scope="col" className="px-2 py-2 text-right">
                  Stock
                </th>
                <th scope="col" className="px-2 py-2">
                  State
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((p) => (
                <tr key={p.id} className="border-b border-gray-200">
                  <th scope="row" className="px-2 py-2 text-left">
                    <Link href={`/admin/products/${p.id}`} className="font-semibold text-blue-800 underline">
                      {p.name}
                    </Link>
                  </th>
                  <td className="px-2 py-2 font-mono">{p.sku}</td>
                  <td className="px-2 py-2">{p.category.name}</td>
                  <td className="px-2 py-2 text-right">{formatMoney(p.priceCents, p.currency)}</td>
                  <td className="px-2 py-2 text-right">{p.stock}</td>
                  <td className="px-2 py-2">{STATE_NAMES[productState(p)]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={result.pages} href={(p) => `/admin/products?${query({ page: String(p) })}`} />
    </div>
  );
}
