// Formatting shared by server and client components. Money is integer minor units.
export function formatMoney(cents: number, currency = "usd"): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
}

export type StockState = { label: string; tone: "ok" | "low" | "out" };

export const LOW_STOCK = 5;

export function stockState(stock: number): StockState {
  if (stock <= 0) return { label: "Sold out", tone: "out" };
  if (stock <= LOW_STOCK) return { label: `Only ${stock} left`, tone: "low" };
  return { label: "In stock", tone: "ok" };
}
