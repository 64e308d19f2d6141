import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { ProductImport } from "@/components/admin/product-import";
import { adminPage } from "@/lib/admin/request-guards";
import { PRODUCT_CSV_COLUMNS } from "@/lib/catalog/csv-columns";
import { IMPORT_MAX_ROWS } from "@/lib/catalog/import-csv";
import { applyImportAction, previewImportAction } from "./actions";

export const metadata: Metadata = { title: "Import products" };

export default async function ImportProductsPage() {
  const gate = await adminPage("/admin/products/import", "catalog.manage");
  if (!gate.allowed) forbidden();
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link href="/admin/products" className="font-medium text-blue-800 underline">
          Back to products
        </Link>
      </p>
      <h1 className="text-3xl font-bold">Import products</h1>
      <div className="flex max-w-2xl flex-col gap-2 text-gray-800">
        <p>
          Start from a product export (<strong>Download as CSV</strong> on the products page), change it in a
          spreadsheet and save it as CSV (UTF-8). Rows are matched by slug: a new slug creates a product, a known one is
          updated. Stock, when filled in, is the number to sell; the difference is applied as a stock adjustment. Leave
          it empty to keep the stock.
        </p>
        <p>
          Columns: {PRODUCT_CSV_COLUMNS.map((c) => c.header).join(", ")} (State is active, hidden or archived). At most{" "}
          {IMPORT_MAX_ROWS} products and 1 MB a file. The preview changes nothing; the import then applies every row or,
          if any is refused, none.
        </p>
      </div>
      <ProductImport previewAction={previewImportAction} applyAction={applyImportAction} />
    </div>
  );
}
