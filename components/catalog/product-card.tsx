import type { ProductCard as Card } from "@/lib/catalog/queries";
import { Price } from "./price";
import { ProductPicture } from "./product-picture";
import { StockBadge } from "./stock-badge";

function ProductCard({ product, headingLevel = 3 }: { product: Card; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="group flex flex-col overflow-hidden rounded-lg border border-gray-200 bg-white shadow-sm">
      <ProductPicture
        src={product.imagePath}
        alt={product.imageAlt}
        size={400}
        sizes="(min-width: 1024px) 25vw, (min-width: 640px) 50vw, 100vw"
        className="aspect-square w-full object-cover"
      />
      <div className="flex flex-1 flex-col gap-2 p-4">
        <Heading className="text-base font-semibold text-gray-900">
          <a href={`/product/${product.slug}`} className="hover:underline">
            {product.name}
          </a>
        </Heading>
        <div className="mt-auto flex items-center justify-between">
          <Price cents={product.priceCents} currency={product.currency} className="font-semibold text-gray-900" />
          <StockBadge stock={product.stock} />
        </div>
      </div>
    </li>
  );
}

export function ProductGrid({
  products,
  label,
  headingLevel,
}: {
  products: Card[];
  label: string;
  headingLevel?: 2 | 3;
}) {
  return (
    <ul aria-label={label} className="grid grid-cols-1 gap-6 sm:grid-cols-2 lg:grid-cols-4">
      {products.map((p) => (
        <ProductCard key={p.id} product={p} headingLevel={headingLevel} />
      ))}
    </ul>
  );
}
