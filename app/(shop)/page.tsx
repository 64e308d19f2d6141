import type { Metadata } from "next";
import { ProductGrid } from "@/components/catalog/product-card";
import { categoriesForPage, featuredProductsForPage } from "@/lib/catalog/cached";

export const metadata: Metadata = { alternates: { canonical: "/" } };

export default async function HomePage() {
  const [featured, categories] = await Promise.all([featuredProductsForPage(), categoriesForPage()]);
  return (
    <div className="flex flex-col gap-10">
      <section className="rounded-xl bg-gray-900 px-6 py-10 text-white">
        <h1 className="text-3xl font-bold">Well-made things, sold safely</h1>
        <p className="mt-3 max-w-2xl text-gray-100">
          Browse the catalog, fill your cart and pay on Stripe&apos;s secure page. Your card number never touches this
          store.
        </p>
      </section>
      <section aria-labelledby="featured-heading">
        <h2 id="featured-heading" className="mb-4 text-2xl font-semibold">
          Featured products
        </h2>
        <ProductGrid products={featured} label="Featured products" />
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading" className="mb-4 text-2xl font-semibold">
          Shop by category
        </h2>
        <ul className="flex flex-wrap gap-3">
          {categories.map((c) => (
            <li key={c.slug}>
              <a
                href={`/category/${c.slug}`}
                className="inline-block rounded-full border border-gray-400 px-4 py-2 text-gray-900 hover:bg-gray-100"
              >
                {c.name}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
