import { forbidden, notFound } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { ProductForm } from "@/components/admin/product-form";
import { ProductImageSection } from "@/components/admin/product-image-section";
import { StockForm } from "@/components/admin/stock-form";
import { ActionForm } from "@/components/forms/action-form";
import { adminPage } from "@/lib/admin/request-guards";
import { productCategories, productForEdit, productState } from "@/lib/catalog/admin";
import { formatMoney } from "@/lib/catalog/format";
import { productPictureFor } from "@/lib/catalog/images/product-images";
import { STOCK_REASON_LABELS, STOCK_REASONS } from "@/lib/catalog/stock-adjustments";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  adjustStockAction,
  archiveProductAction,
  deleteProductAction,
  restoreProductAction,
  updateProductAction,
} from "../actions";
import { removeProductImageAction, uploadProductImageAction } from "../image-actions";

export const metadata: Metadata = { title: "Edit product" };

const REASONS = STOCK_REASONS.map((r) => [r, STOCK_REASON_LABELS[r]] as const);

export default async function EditProductPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const gate = await adminPage(`/admin/products/${id}`, "catalog.manage");
  if (!gate.allowed) forbidden();
  const product = await productForEdit(db(), gate.staff, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [categories, picture] = await Promise.all([
    productCategories(db(), gate.staff),
    productPictureFor(db(), gate.staff, product.id),
  ]);
  const created = (await searchParams).created === "1";
  return (
    <div className="flex max-w-2xl flex-col gap-8">
      <p>
        <Link href="/admin/products" className="font-medium text-blue-800 underline">
          Back to products
        </Link>
      </p>
      <div className="flex flex-col gap-2">
        <h1 className="text-3xl font-bold break-words">{product.name}</h1>
        <p className="text-gray-800" data-testid="product-summary">
          {formatMoney(product.priceCents, product.currency)} · <span data-testid="product-stock">{product.stock}</span>{" "}
          in stock ·{" "}
          {
            { active: "on sale", hidden: "hidden (off sale, not archived)", archived: "archived" }[
              productState(product)
            ]
          }{" "}
          ·{" "}
          {product.orderCount === 0
            ? "on no order"
            : `on ${product.orderCount} order ${product.orderCount === 1 ? "line" : "lines"}`}
          {product.active ? (
            <>
              {" · "}
              <Link href={`/product/${product.slug}`} className="text-blue-800 underline">
                View in the shop
              </Link>
            </>
          ) : null}
        </p>
        {created ? (
          <p role="status" className="rounded border border-green-700 bg-green-50 p-3 text-green-900">
            Product created. Add the units you have with a stock adjustment below.
          </p>
        ) : null}
      </div>
      <section aria-labelledby="details-heading" className="flex flex-col gap-3">
        <h2 id="details-heading" className="text-xl font-semibold">
          Details
        </h2>
        <p className="text-sm text-gray-800">
          A new price applies to checkouts from now on; orders already placed keep theirs.
        </p>
        <ProductForm
          action={updateProductAction}
          categories={categories}
          product={product}
          submitLabel="Save changes"
        />
      </section>
      <ProductImageSection
        productId={product.id}
        picture={picture}
        actions={{ upload: uploadProductImageAction, remove: removeProductImageAction }}
      />
      <section aria-labelledby="stock-heading" className="flex flex-col gap-3">
        <h2 id="stock-heading" className="text-xl font-semibold">
          Stock
        </h2>
        <p className="text-sm text-gray-800">
          The change applies to the stock at the moment it is saved, so a checkout in progress is never oversold;
          removing more than is left is refused.
        </p>
        <StockForm action={adjustStockAction} productId={product.id} reasons={REASONS} />
      </section>
      <section aria-labelledby="remove-heading" className="flex flex-col gap-3">
        <h2 id="remove-heading" className="text-xl font-semibold">
          Archive or delete
        </h2>
        {product.archivedAt === null ? (
          <ActionForm
            action={archiveProductAction}
            submitLabel="Archive"
            label={`Archive ${product.name}`}
            tone="plain"
            testId="archive-form"
          >
            <p className="text-sm text-gray-800">
              Archiving takes the product out of the shop and keeps it for the orders that refer to it.
            </p>
            <input type="hidden" name="id" value={product.id} />
          </ActionForm>
        ) : (
          <ActionForm
            action={restoreProductAction}
            submitLabel="Put back on sale"
            label={`Put ${product.name} back on sale`}
            tone="plain"
            testId="restore-form"
          >
            <input type="hidden" name="id" value={product.id} />
          </ActionForm>
        )}
        {product.orderCount === 0 ? (
          <ActionForm
            action={deleteProductAction}
            submitLabel="Delete for good"
            label={`Delete ${product.name}`}
            tone="danger"
            testId="delete-form"
          >
            <p className="text-sm text-gray-800">
              No order refers to this product, so it can be deleted. It is also taken out of shoppers&apos; carts.
            </p>
            <input type="hidden" name="id" value={product.id} />
          </ActionForm>
        ) : (
          <p className="text-sm text-gray-800">
            Orders refer to this product, so it cannot be deleted: archive it instead.
          </p>
        )}
      </section>
    </div>
  );
}
