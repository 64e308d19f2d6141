import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { AdminForm } from "@/components/admin/admin-form";
import { Pagination } from "@/components/catalog/pagination";
import { alertsForStaff } from "@/lib/admin/alerts";
import { adminPage } from "@/lib/admin/guards";
import { db } from "@/lib/db";
import { markAlertReadAction } from "../actions";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const gate = await adminPage("/admin/alerts", "alerts.view");
  if (!gate.allowed) forbidden();
  const alerts = await alertsForStaff(db(), gate.staff, await searchParams);
  const href = (p: number) => `/admin/alerts?${new URLSearchParams({ ...(alerts.unreadOnly ? { unread: "1" } : {}), page: String(p) }).toString()}`;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Alerts</h1>
      <p className="text-gray-800">
        {alerts.unread} unread. {alerts.unreadOnly ? <Link href="/admin/alerts" className="font-medium text-blue-800 underline">Show all alerts</Link> : <Link href="/admin/alerts?unread=1" className="font-medium text-blue-800 underline">Show unread only</Link>}
      </p>
      {alerts.rows.length === 0 ? (
        <p className="rounded border border-gray-300 p-4 text-gray-800">No alerts.</p>
      ) : (
        <ul className="flex flex-col gap-3" data-testid="alerts">
          {alerts.rows.map((a) => (
            <li key={a.id} className={`flex flex-col gap-2 rounded border p-3 ${a.readAt ? "border-gray-300" : "border-yellow-700 bg-yellow-50"}`} data-testid="alert" data-read={a.readAt ? "yes" : "no"}>
              <p className="text-sm text-gray-800">
                <span className="font-semibold text-gray-900">{a.readAt ? "Read" : "Unread"}</span> · {a.kind.replace(/_/g, " ").toLowerCase()}
                {a.rule ? ` · ${a.rule}` : ""} · {a.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC
              </p>
              <p>{a.message}</p>
              <div className="flex flex-wrap items-center gap-4">
                {a.order ? (
                  <Link href={`/admin/orders/${a.order.id}`} className="font-mono text-blue-800 underline">
                    Order {a.order.reference}
                  </Link>
                ) : null}
                {a.readAt ? null : (
                  <AdminForm action={markAlertReadAction} submitLabel="Mark as read" label={`Mark alert from ${a.createdAt.toISOString()} as read`} tone="plain" inline>
                    <input type="hidden" name="alertId" value={a.id} />
                  </AdminForm>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={alerts.page} pageCount={alerts.pages} href={href} />
    </div>
  );
}
