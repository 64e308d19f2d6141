"use client";
import { ActionForm } from "@/components/forms/action-form";
import { CheckboxField, Field, SelectField, TextAreaField } from "@/components/forms/form-parts";
import type { FormAction } from "@/lib/action-state";

export type ProductFormValues = {
  id?: string;
  name: string;
  slug: string;
  sku: string;
  description: string;
  categoryId: string;
  priceCents: number | string;
  active: boolean;
};

/** Create or edit a product's details (/admin/products/new and /admin/products/[id]). */
export function ProductForm({
  action,
  categories,
  product,
  submitLabel,
}: {
  action: FormAction;
  categories: readonly { id: string; name: string }[];
  product?: ProductFormValues;
  submitLabel: string;
}) {
  return (
    <ActionForm action={action} submitLabel={submitLabel} label="Product details" testId="product-form">
      {product?.id ? <input type="hidden" name="id" value={product.id} /> : null}
      <Field name="name" label="Name" autoComplete="off" maxLength={120} defaultValue={product?.name} />
      <Field
        name="slug"
        label="Slug (address name)"
        autoComplete="off"
        maxLength={100}
        defaultValue={product?.slug}
        hint="Lower-case letters, digits and hyphens: the product's page is /product/<slug>."
      />
      <Field
        name="sku"
        label="SKU"
        autoComplete="off"
        maxLength={32}
        defaultValue={product?.sku}
        hint="3 to 32 letters, digits and hyphens; unique."
      />
      <TextAreaField name="description" label="Description" maxLength={2000} defaultValue={product?.description} />
      <SelectField
        name="categoryId"
        label="Category"
        options={categories.map((c) => [c.id, c.name] as const)}
        defaultValue={product?.categoryId ?? categories[0]?.id}
      />
      <Field
        name="priceCents"
        label="Price in minor units (cents)"
        inputMode="numeric"
        autoComplete="off"
        defaultValue={product ? String(product.priceCents) : undefined}
        hint="A whole number: 2800 is 28.00."
      />
      <CheckboxField
        name="active"
        label="On sale in the shop"
        defaultChecked={product?.active ?? true}
        hint="Untick to hide the product without archiving it."
      />
    </ActionForm>
  );
}
