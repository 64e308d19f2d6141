// Formatting shared by server and client components. Money is integer minor units.
// One formatter per currency: building an Intl.NumberFormat costs far more than using one, and a
// product grid formats dozens of prices per page.
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, currency = "usd"): string {
  const code = currency.toUpperCase();
  let formatter = formatters.get(code);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    if (formatters.size < 50) formatters.set(code, formatter);
  }
  return formatter.format(cents / 100);
}

export type StockState = { label: string; tone: "ok" | "low" | "out" };

const LOW_STOCK = 5;

export function stockState(stock: number): StockState {
  if (stock <= 0) return { label: "Sold out", tone: "out" };
  if (stock <= LOW_STOCK) return { label: `Only ${stock} left`, tone: "low" };
  return { label: "In stock", tone: "ok" };
}
