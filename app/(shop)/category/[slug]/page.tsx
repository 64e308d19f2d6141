import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Pagination } from "@/components/catalog/pagination";
import { ProductGrid } from "@/components/catalog/product-card";
import { categoryPageFor } from "@/lib/catalog/cached";
import { pageSchema } from "@/lib/catalog/queries";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string }> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const [{ slug }, { page }] = await Promise.all([params, searchParams]);
  const data = await categoryPageFor(slug, 1);
  if (!data) return { title: "Category not found" };
  const number = pageSchema.parse(page);
  const path = `/category/${data.category.slug}${number > 1 ? `?page=${number}` : ""}`;
  return {
    title: data.category.name,
    description: data.category.description,
    alternates: { canonical: path },
    openGraph: { url: path, title: data.category.name, description: data.category.description },
  };
}

export default async function CategoryPage({ params, searchParams }: Props) {
  const [{ slug }, { page }] = await Promise.all([params, searchParams]);
  const data = await categoryPageFor(slug, pageSchema.parse(page));
  if (!data) notFound();
  const { category, products } = data;
  return (
    <div>
      <h1 className="text-3xl font-bold">{category.name}</h1>
      <p className="mt-2 mb-6 text-gray-800">{category.description}</p>
      <ProductGrid products={products.items} label={`${category.name} products`} headingLevel={2} />
      <Pagination
        page={products.page}
        pageCount={products.pageCount}
        href={(p) => `/category/${category.slug}?page=${p}`}
      />
    </div>
  );
}
