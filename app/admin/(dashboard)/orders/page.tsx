import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/admin/status-badge";
import { Pagination } from "@/components/catalog/pagination";
import { adminPage } from "@/lib/admin/request-guards";
import { searchOrders } from "@/lib/admin/orders";
import { ORDER_STATUSES, staffLabel } from "@/lib/orders/status";
import { formatMoney } from "@/lib/catalog/format";
import { db } from "@/lib/db";
import { LocalDate } from "@/components/layout/local-date";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const gate = await adminPage("/admin/orders", "orders.view");
  if (!gate.allowed) forbidden();
  const result = await searchOrders(db(), gate.staff, await searchParams);
  const { q, status, page } = result.filter;
  const href = (p: number) =>
    `/admin/orders?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), page: String(p) }).toString()}`;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Orders</h1>
      <form method="get" role="search" aria-label="Search orders" className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="orders-q" className="text-sm font-medium">
            Reference or email
          </label>
          <input
            id="orders-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={100}
            className="rounded border border-gray-500 px-3 py-1.5"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="orders-status" className="text-sm font-medium">
            Status
          </label>
          <select
            id="orders-status"
            name="status"
            defaultValue={status ?? ""}
            className="rounded border border-gray-500 px-2 py-1.5"
          >
            <option value="">Any status</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {staffLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded bg-gray-900 px-3 py-1.5 font-medium text-white hover:bg-gray-700">
          Search
        </button>
      </form>
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <p className="text-sm text-gray-800" data-testid="orders-total">
          {result.total} {result.total === 1 ? "order" : "orders"}
        </p>
        {/* A file download, not a page: a plain link (no client-side navigation or prefetch). */}
        <a
          href={`/admin/orders/export?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}) }).toString()}`}
          download
          className="text-sm font-medium text-blue-800 underline"
          data-testid="orders-export"
        >
          Download these {result.total === 1 ? "order" : "orders"} as CSV
        </a>
      </div>
      {result.rows.length === 0 ? (
        <p className="rounded border border-gray-300 p-4 text-gray-800">No orders match.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-sm" data-testid="orders">
            <caption className="sr-only">Orders, newest first</caption>
            <thead>
              <tr className="border-b border-gray-400 text-left">
                <th scope="col" className="px-2 py-2">
                  Order
                </th>
                <th scope="col" className="px-2 py-2">
                  Email
                </th>
                <th scope="col" className="px-2 py-2">
                  Placed
                </th>
                <th scope="col" className="px-2 py-2 text-right">
                  Total
                </th>
                <th scope="col" className="px-2 py-2 text-right">
                  Risk
                </th>
                <th scope="col" className="px-2 py-2">
                  Status
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((o) => (
                <tr key={o.id} className="border-b border-gray-200">
                  <th scope="row" className="px-2 py-2 text-left">
                    <Link href={`/admin/orders/${o.id}`} className="font-mono font-semibold text-blue-800 underline">
                      {o.reference}
                    </Link>
                  </th>
                  <td className="px-2 py-2">{o.email}</td>
                  <td className="px-2 py-2">
                    <LocalDate value={o.createdAt} style="date" />
                  </td>
                  <td className="px-2 py-2 text-right">{formatMoney(o.totalCents, o.currency)}</td>
                  <td className="px-2 py-2 text-right">{o.riskScore ?? "–"}</td>
                  <td className="px-2 py-2">
                    <StatusBadge status={o.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={result.pages} href={href} />
    </div>
  );
}
