import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { PairedBarChart, type BarSeries } from "@/components/admin/paired-bar-chart";
import { QueueTable } from "@/components/admin/queue-table";
import { Pagination } from "@/components/catalog/pagination";
import { unreadAlertsFor } from "@/lib/admin/alerts";
import { reviewClaimState } from "@/lib/admin/claim-state";
import { riskBand } from "@/lib/admin/evidence";
import { adminPage } from "@/lib/admin/request-guards";
import { ageLabel, ASSIGNMENTS, listQueue, QUEUE_SORTS, queueSearch, RISK_BANDS, timeLeft } from "@/lib/admin/queue";
import { REVIEW_STATUSES, staffLabel } from "@/lib/orders/status";
import { dailyActivity, type DayCount } from "@/lib/admin/stats";
import { db } from "@/lib/db";
import { RULE_IDS, RULES } from "@/lib/fraud/rules";
import { claimOrderAction } from "./queue-actions";

export const metadata: Metadata = { title: "Review queue" };

const ACTIVITY: [BarSeries<DayCount>, BarSeries<DayCount>] = [
  { label: "Orders", value: (d) => d.orders, fill: "#1d4ed8", swatch: "bg-blue-700" },
  { label: "Alerts", value: (d) => d.alerts, fill: "#b91c1c", swatch: "bg-red-700" },
];

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function QueuePage({ searchParams }: { searchParams: Search }) {
  const gate = await adminPage("/admin", "orders.view");
  if (!gate.allowed) forbidden();
  const params = await searchParams;
  const now = new Date();
  const [queue, days, unread] = await Promise.all([
    listQueue(db(), gate.staff, params, { now }),
    dailyActivity(db(), gate.staff),
    unreadAlertsFor(db(), gate.staff),
  ]);
  const rows = queue.rows.map((r) => ({
    ...r,
    band: riskBand(r.riskScore),
    rules: r.fraudChecks.map((c) => (c.rule in RULES ? RULES[c.rule as keyof typeof RULES].title : c.rule)),
    age: ageLabel(r.createdAt, now),
    timeLeft: timeLeft(r.captureBefore, now),
    claim: reviewClaimState(r, gate.staff.id, now),
  }));
  const href = (page: number) => `/admin?${queueSearch(queue.filter, page)}`;
  const select = "rounded border border-gray-500 bg-white px-2 py-1.5";
  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-3xl font-bold">Review queue</h1>
        <p className="text-gray-800">
          <Link href="/admin/alerts" className="font-medium text-blue-800 underline" data-testid="queue-unread">
            {unread} unread {unread === 1 ? "alert" : "alerts"}
          </Link>
        </p>
      </div>
      <section aria-labelledby="queue-heading" className="flex flex-col gap-4">
        <h2 id="queue-heading" className="text-xl font-semibold">
          {queue.total} {staffLabel(queue.filter.status)} {queue.total === 1 ? "order" : "orders"}
        </h2>
        <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter the queue">
          <div className="flex max-w-full flex-col gap-1">
            <label htmlFor="queue-rule" className="text-sm font-medium">
              Rule
            </label>
            <select
              id="queue-rule"
              name="rule"
              defaultValue={queue.filter.rule ?? ""}
              className={`${select} max-w-full`}
            >
              <option value="">Any rule</option>
              {RULE_IDS.map((id) => (
                <option key={id} value={id}>
                  {RULES[id].title}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="queue-status" className="text-sm font-medium">
              Status
            </label>
            <select id="queue-status" name="status" defaultValue={queue.filter.status} className={select}>
              {REVIEW_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {staffLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="queue-band" className="text-sm font-medium">
              Risk band
            </label>
            <select id="queue-band" name="band" defaultValue={queue.filter.band ?? ""} className={select}>
              <option value="">Any band</option>
              {RISK_BANDS.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="queue-assigned" className="text-sm font-medium">
              Reviewer
            </label>
            <select id="queue-assigned" name="assigned" defaultValue={queue.filter.assigned ?? ""} className={select}>
              <option value="">Anyone</option>
              {Object.entries(ASSIGNMENTS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="queue-sort" className="text-sm font-medium">
              Sort by
            </label>
            <select id="queue-sort" name="sort" defaultValue={queue.filter.sort} className={select}>
              {Object.entries(QUEUE_SORTS).map(([value, sort]) => (
                <option key={value} value={value}>
                  {sort.label}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            className="rounded border border-gray-500 bg-white px-3 py-1.5 font-medium hover:bg-gray-100"
          >
            Filter
          </button>
        </form>
        <QueueTable
          rows={rows}
          caption={`${staffLabel(queue.filter.status)} orders, sorted by ${QUEUE_SORTS[queue.filter.sort].label.toLowerCase()}`}
          claimAction={claimOrderAction}
        />
        <Pagination page={queue.filter.page} pageCount={queue.pages} href={href} />
      </section>
      <section aria-labelledby="activity-heading" className="flex flex-col gap-3">
        <h2 id="activity-heading" className="text-xl font-semibold">
          Activity
        </h2>
        <PairedBarChart
          name="activity"
          caption={
            <>
              Orders and alerts per day, last {days.length} days: {days.reduce((n, d) => n + d.orders, 0)} orders,{" "}
              {days.reduce((n, d) => n + d.alerts, 0)} alerts.
            </>
          }
          tableCaption="Orders and alerts per day"
          days={days}
          series={ACTIVITY}
          layout={{ pad: 24, gap: 1, scaleY: 24 }}
        />
      </section>
    </div>
  );
}
