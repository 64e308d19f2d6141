import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { adminPage } from "@/lib/admin/request-guards";
import { listDisputes } from "@/lib/admin/money";
import { formatMoney } from "@/lib/catalog/format";
import { db } from "@/lib/db";
import { requestDates } from "@/lib/dates/request";

export const metadata: Metadata = { title: "Disputes" };

export default async function DisputesPage() {
  const when = await requestDates();
  const gate = await adminPage("/admin/disputes", "disputes.view");
  if (!gate.allowed) forbidden();
  const disputes = await listDisputes(db(), gate.staff);
  const open = disputes.filter((d) => d.open).length;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Disputes</h1>
      <p className="text-gray-800">
        {open} open. Open disputes need evidence in the Stripe dashboard before their deadline.
      </p>
      {disputes.length === 0 ? (
        <p className="rounded border border-gray-300 p-4 text-gray-800">No disputes.</p>
      ) : (
        <ul className="flex flex-col gap-3" data-testid="disputes">
          {disputes.map((d) => (
            <li
              key={d.id}
              className={`flex flex-col gap-1 rounded border p-3 ${d.open ? "border-yellow-700 bg-yellow-50" : "border-gray-300"}`}
              data-testid="dispute"
              data-open={d.open ? "yes" : "no"}
            >
              <p className="text-sm text-gray-800">
                <span className="font-semibold text-gray-900">{d.open ? "Open" : "Closed"}</span> ·{" "}
                {d.status.replaceAll("_", " ")} · opened {when(d.createdAt)}
                {d.open && d.evidenceDueBy ? ` · evidence due by ${when(d.evidenceDueBy)}` : ""}
                {d.closedAt ? ` · closed ${when(d.closedAt)}` : ""}
              </p>
              <p>
                {formatMoney(d.amountCents, d.currency)} · reason: {d.reason.replaceAll("_", " ")} ·{" "}
                <Link href={`/admin/orders/${d.order.id}`} className="font-mono text-blue-800 underline">
                  Order {d.order.reference}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
