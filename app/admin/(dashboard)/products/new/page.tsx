import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { ProductForm } from "@/components/admin/product-form";
import { adminPage } from "@/lib/admin/request-guards";
import { productCategories } from "@/lib/catalog/admin";
import { db } from "@/lib/db";
import { createProductAction } from "../actions";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  const gate = await adminPage("/admin/products/new", "catalog.manage");
  if (!gate.allowed) forbidden();
  const categories = await productCategories(db(), gate.staff);
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <p>
        <Link href="/admin/products" className="font-medium text-blue-800 underline">
          Back to products
        </Link>
      </p>
      <h1 className="text-3xl font-bold">New product</h1>
      <p className="text-gray-800">
        A new product starts with no stock: add the units you received on its page once it is created.
      </p>
      <ProductForm action={createProductAction} categories={categories} submitLabel="Create product" />
    </div>
  );
}
