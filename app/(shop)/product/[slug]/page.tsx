import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AddToCartForm } from "@/components/cart/add-to-cart-form";
import { Price } from "@/components/catalog/price";
import { ProductPicture } from "@/components/catalog/product-picture";
import { StockBadge } from "@/components/catalog/stock-badge";
import { productFor } from "@/lib/catalog/cached";
import { jsonLdText, productJsonLd } from "@/lib/catalog/seo";
import { env } from "@/lib/env";
import { requestNonce } from "@/lib/http/nonce";
import { newRequestKey } from "@/lib/cart/request-keys";
import { MAX_LINE_QUANTITY } from "@/lib/cart/schemas";
import { addToCartAction } from "../../cart/actions";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await productFor((await params).slug);
  if (!product) return { title: "Product not found" };
  const path = `/product/${product.slug}`;
  return {
    title: product.name,
    description: product.description,
    alternates: { canonical: path },
    openGraph: {
      type: "website",
      url: path,
      title: product.name,
      description: product.description,
      images: [{ url: product.imagePath, alt: product.imageAlt }],
    },
    twitter: { card: "summary", title: product.name, description: product.description },
  };
}

export default async function ProductPage({ params }: Props) {
  const [product, nonce] = await Promise.all([productFor((await params).slug), requestNonce()]);
  if (!product) notFound();
  return (
    <article className="grid gap-8 md:grid-cols-2">
      {/* Structured data for search engines: a data block, never executed; it carries the nonce all the same, like every script element. */}
      <script
        type="application/ld+json"
        nonce={nonce}
        dangerouslySetInnerHTML={{ __html: jsonLdText(productJsonLd(product, env().APP_URL)) }}
      />
      <ProductPicture
        src={product.imagePath}
        alt={product.imageAlt}
        size={400}
        sizes="(min-width: 768px) 50vw, 100vw"
        eager
        className="aspect-square w-full rounded-lg border border-gray-200 bg-white object-contain"
      />
      <div className="flex flex-col gap-4">
        <p className="text-sm">
          <a href={`/category/${product.category.slug}`} className="text-blue-800 underline">
            {product.category.name}
          </a>
        </p>
        <h1 className="text-3xl font-bold">{product.name}</h1>
        <div className="flex items-center gap-3">
          <Price cents={product.priceCents} currency={product.currency} className="text-2xl font-semibold" />
          <StockBadge stock={product.stock} />
        </div>
        <p className="text-gray-800">{product.description}</p>
        <p className="text-sm text-gray-700">SKU {product.sku}</p>
        {product.stock > 0 ? (
          <AddToCartForm
            action={addToCartAction}
            productId={product.id}
            maxQuantity={Math.min(product.stock, MAX_LINE_QUANTITY)}
            requestKey={newRequestKey()}
          />
        ) : (
          <p className="font-medium text-gray-900">This product is sold out.</p>
        )}
      </div>
    </article>
  );
}
