import Link from "next/link";
import { formatMoney } from "@/lib/catalog/format";
import type { OrderStatus } from "@/lib/orders/status";
import { StatusBadge } from "./status-badge";

export type QueueRow = {
  id: string;
  reference: string;
  email: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  riskScore: number | null;
  decisionError: string | null;
  rules: string[];
  timeLeft: { label: string; urgent: boolean };
};

export function QueueTable({ rows }: { rows: QueueRow[] }) {
  if (rows.length === 0) return <p className="rounded border border-gray-300 p-4 text-gray-800" data-testid="queue-empty">No orders are waiting for review.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="queue">
        <caption className="sr-only">Held orders, the authorization that lapses first on top</caption>
        <thead>
          <tr className="border-b border-gray-400 text-left">
            <th scope="col" className="px-2 py-2">Order</th>
            <th scope="col" className="px-2 py-2">Customer</th>
            <th scope="col" className="px-2 py-2 text-right">Amount</th>
            <th scope="col" className="px-2 py-2 text-right">Risk</th>
            <th scope="col" className="px-2 py-2">Rules</th>
            <th scope="col" className="px-2 py-2">Time left</th>
            <th scope="col" className="px-2 py-2">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-gray-200 align-top" data-testid="queue-row" data-reference={r.reference}>
              <th scope="row" className="px-2 py-2 text-left">
                <Link href={`/admin/orders/${r.id}`} className="font-mono font-semibold text-blue-800 underline">
                  {r.reference}
                </Link>
              </th>
              <td className="px-2 py-2">{r.email}</td>
              <td className="px-2 py-2 text-right">{formatMoney(r.totalCents, r.currency)}</td>
              <td className="px-2 py-2 text-right">{r.riskScore ?? "–"}</td>
              <td className="px-2 py-2">
                <ul>
                  {r.rules.map((rule) => (
                    <li key={rule}>{rule}</li>
                  ))}
                </ul>
              </td>
              <td className={`px-2 py-2 ${r.timeLeft.urgent ? "font-semibold text-red-800" : ""}`}>{r.timeLeft.label}</td>
              <td className="px-2 py-2">
                <StatusBadge status={r.status} />
                {r.decisionError ? <p className="mt-1 text-xs font-medium text-red-800">Last decision failed</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
