// The product CSV's columns, in order: what the export writes (./export.ts) and the import reads
// (./import-csv.ts). A header is matched without regard to case or surrounding spaces; `required`
// columns must be in an imported file, the others may be left out (Currency is checked when
// present; Stock left out or empty keeps the stock as it is).

export const PRODUCT_CSV_COLUMNS = [
  { key: "sku", header: "SKU", required: true },
  { key: "slug", header: "Slug", required: true },
  { key: "name", header: "Name", required: true },
  { key: "category", header: "Category slug", required: true },
  { key: "priceCents", header: "Price (minor units)", required: true },
  { key: "currency", header: "Currency", required: false },
  { key: "stock", header: "Stock", required: false },
  { key: "state", header: "State", required: true },
  { key: "description", header: "Description", required: true },
] as const;

export type ProductCsvKey = (typeof PRODUCT_CSV_COLUMNS)[number]["key"];
export const PRODUCT_CSV_HEADER = Object.fromEntries(PRODUCT_CSV_COLUMNS.map((c) => [c.key, c.header])) as Record<
  ProductCsvKey,
  string
>;

/** The states a row may name: active (on sale), hidden (off sale) or archived. */
export const PRODUCT_CSV_STATES = ["active", "hidden", "archived"] as const;
