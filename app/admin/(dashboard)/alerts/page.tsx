import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { Pagination } from "@/components/catalog/pagination";
import { alertsForStaff, groupAlertsByOrder } from "@/lib/admin/alerts";
import { adminPage } from "@/lib/admin/request-guards";
import { db } from "@/lib/db";
import { RULES, type RuleId } from "@/lib/fraud/rules";
import { markAlertReadAction, markOrderAlertsReadAction } from "../actions";
import { LocalDate } from "@/components/layout/local-date";
import { requestDates } from "@/lib/dates/request";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const dates = await requestDates();
  const gate = await adminPage("/admin/alerts", "alerts.view");
  if (!gate.allowed) forbidden();
  const alerts = await alertsForStaff(db(), gate.staff, await searchParams);
  const href = (p: number) =>
    `/admin/alerts?${new URLSearchParams({ ...(alerts.unreadOnly ? { unread: "1" } : {}), page: String(p) }).toString()}`;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Alerts</h1>
      <p className="text-gray-800">
        {alerts.unread} unread.{" "}
        {alerts.unreadOnly ? (
          <Link href="/admin/alerts" className="font-medium text-blue-800 underline">
            Show all alerts
          </Link>
        ) : (
          <Link href="/admin/alerts?unread=1" className="font-medium text-blue-800 underline">
            Show unread only
          </Link>
        )}
      </p>
      {alerts.rows.length === 0 ? (
        <p className="rounded border border-gray-300 p-4 text-gray-800">No alerts.</p>
      ) : (
        <ul className="flex flex-col gap-3" data-testid="alerts">
          {groupAlertsByOrder(alerts.rows).map((g) => (
            <li
              key={g.key}
              className={`flex flex-col gap-2 rounded border p-3 ${g.unread > 0 ? "border-yellow-700 bg-yellow-50" : "border-gray-300"}`}
              data-testid="alert-group"
            >
              <div className="flex flex-wrap items-center gap-4">
                {g.order ? (
                  <Link
                    href={`/admin/orders/${g.order.id}`}
                    className="font-mono font-semibold text-blue-800 underline"
                  >
                    Order {g.order.reference}
                  </Link>
                ) : (
                  <span className="font-semibold">No order</span>
                )}
                <span className="text-sm text-gray-800">
                  {g.alerts.length} alert{g.alerts.length === 1 ? "" : "s"}, {g.unread} unread
                </span>
                {g.order && g.unread > 1 ? (
                  <ActionForm
                    action={markOrderAlertsReadAction}
                    submitLabel="Mark all read"
                    label={`Mark all alerts of order ${g.order.reference} as read`}
                    tone="plain"
                    inline
                  >
                    <input type="hidden" name="orderId" value={g.order.id} />
                  </ActionForm>
                ) : null}
              </div>
              <ul className="flex flex-col gap-2">
                {g.alerts.map((a) => (
                  <li
                    key={a.id}
                    className="flex flex-col gap-1 border-t border-gray-300 pt-2"
                    data-testid="alert"
                    data-read={a.readAt ? "yes" : "no"}
                  >
                    <p className="text-sm text-gray-800">
                      <span className="font-semibold text-gray-900">{a.readAt ? "Read" : "Unread"}</span> ·{" "}
                      {a.kind.replace(/_/g, " ").toLowerCase()}
                      {a.rule ? ` · ${a.rule in RULES ? RULES[a.rule as RuleId].title : a.rule}` : ""} ·{" "}
                      <LocalDate value={a.createdAt} />
                    </p>
                    <p>{a.message}</p>
                    {a.readAt ? null : (
                      <ActionForm
                        action={markAlertReadAction}
                        submitLabel="Mark as read"
                        label={`Mark alert from ${dates(a.createdAt, "precise")} as read`}
                        tone="plain"
                        inline
                      >
                        <input type="hidden" name="alertId" value={a.id} />
                      </ActionForm>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={alerts.page} pageCount={alerts.pages} href={href} />
    </div>
  );
}
