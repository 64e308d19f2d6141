import { stockState } from "@/lib/catalog/format";

const tones = {
  ok: "bg-green-100 text-green-900",
  low: "bg-amber-100 text-amber-900",
  out: "bg-gray-200 text-gray-900",
} as const;

export function StockBadge({ stock }: { stock: number }) {
  const state = stockState(stock);
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-sm font-medium ${tones[state.tone]}`}>{state.label}</span>
  );
}
