import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/catalog/pagination";
import { auditForAdmin } from "@/lib/admin/audit";
import { adminPage } from "@/lib/admin/request-guards";
import { db } from "@/lib/db";
import { LocalDate } from "@/components/layout/local-date";
import { requestDates } from "@/lib/dates/request";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const dates = await requestDates();
  const gate = await adminPage("/admin/audit", "audit.view");
  if (!gate.allowed) forbidden();
  const audit = await auditForAdmin(db(), gate.staff, await searchParams);
  const href = (p: number) =>
    `/admin/audit?${new URLSearchParams({ ...(audit.action ? { action: audit.action } : {}), page: String(p) }).toString()}`;
  const chain = audit.chain;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Audit log</h1>
      <div className="flex flex-wrap items-center gap-4">
        <Link
          href="/admin/audit?verify=1"
          className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800"
        >
          Verify the chain
        </Link>
        {chain ? (
          <p
            role="status"
            data-testid="audit-chain"
            data-ok={chain.ok ? "yes" : "no"}
            className={`font-medium ${chain.ok ? "text-green-800" : "text-red-800"}`}
          >
            {chain.ok
              ? `Intact: ${chain.count} entries checked at ${dates(chain.checkedAt, "precise")}.`
              : `Broken at entry ${chain.firstBadSeq} of ${chain.count}: ${chain.reason}`}
          </p>
        ) : null}
      </div>
      <form method="get" className="flex items-end gap-3" aria-label="Filter the audit log">
        <div className="flex flex-col gap-1">
          <label htmlFor="audit-action" className="text-sm font-medium">
            Action
          </label>
          <input
            id="audit-action"
            name="action"
            defaultValue={audit.action ?? ""}
            placeholder="order.approve"
            className="rounded border border-gray-500 px-3 py-1.5"
          />
        </div>
        <button
          type="submit"
          className="rounded border border-gray-500 bg-white px-3 py-1.5 font-medium hover:bg-gray-100"
        >
          Filter
        </button>
      </form>
      <div className="relative overflow-x-auto">
        <table className="w-full border-collapse text-sm" data-testid="audit">
          <caption className="sr-only">Audit log entries, newest first</caption>
          <thead>
            <tr className="border-b border-gray-400 text-left">
              <th scope="col" className="px-2 py-2">
                #
              </th>
              <th scope="col" className="px-2 py-2">
                When (UTC)
              </th>
              <th scope="col" className="px-2 py-2">
                Who
              </th>
              <th scope="col" className="px-2 py-2">
                Action
              </th>
              <th scope="col" className="px-2 py-2">
                Target
              </th>
              <th scope="col" className="px-2 py-2">
                Detail
              </th>
              <th scope="col" className="px-2 py-2">
                IP
              </th>
            </tr>
          </thead>
          <tbody>
            {audit.rows.map((e) => (
              <tr key={e.seq} className="border-b border-gray-200 align-top">
                <td className="px-2 py-2">{e.seq}</td>
                <td className="px-2 py-2 whitespace-nowrap">
                  <LocalDate value={e.at} style="precise" />
                </td>
                <td className="px-2 py-2">{e.actorEmail ?? "system"}</td>
                <td className="px-2 py-2 font-mono">{e.action}</td>
                <td className="px-2 py-2 font-mono">{e.target ?? ""}</td>
                <td className="max-w-md px-2 py-2 font-mono text-xs break-all">{e.detail}</td>
                <td className="px-2 py-2">{e.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={audit.page} pageCount={audit.pages} href={href} />
    </div>
  );
}
