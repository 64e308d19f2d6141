import { formatMoney } from "@/lib/catalog/format";

export function Price({ cents, currency, className }: { cents: number; currency: string; className?: string }) {
  return <span className={className}>{formatMoney(cents, currency)}</span>;
}
