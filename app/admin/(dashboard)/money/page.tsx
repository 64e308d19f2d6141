import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { PairedBarChart, type BarSeries } from "@/components/admin/paired-bar-chart";
import { adminPage } from "@/lib/admin/request-guards";
import { defaultPeriod, moneySummary, type MoneyDay, type MoneySummary } from "@/lib/admin/money";
import { formatMoney } from "@/lib/catalog/format";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Money" };

const FLOWS: [BarSeries<MoneyDay>, BarSeries<MoneyDay>] = [
  { label: "Captured", value: (d) => d.captured, fill: "#047857", swatch: "bg-emerald-700" },
  { label: "Refunded", value: (d) => d.refunded, fill: "#b91c1c", swatch: "bg-red-700" },
];

export default async function MoneyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const gate = await adminPage("/admin/money", "money.view");
  if (!gate.allowed) forbidden();
  const params = await searchParams;
  const asked = {
    from: typeof params.from === "string" ? params.from : "",
    to: typeof params.to === "string" ? params.to : "",
  };
  let summary: MoneySummary;
  let fields: Record<string, string> = {};
  try {
    summary = await moneySummary(db(), gate.staff, asked);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "VALIDATION") throw error;
    fields = error.fields;
    summary = await moneySummary(db(), gate.staff, defaultPeriod());
  }
  const tiles = [
    { label: "Captured", value: summary.captured, id: "captured" },
    { label: "Refunded", value: summary.refunded, id: "refunded" },
    { label: "Held (authorized, not captured)", value: summary.held, id: "held" },
    { label: `Disputed (${summary.disputes})`, value: summary.disputed, id: "disputed" },
  ];
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Money</h1>
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Choose a period" noValidate>
        {(["from", "to"] as const).map((key) => (
          <div key={key} className="flex flex-col gap-1">
            <label htmlFor={`period-${key}`} className="text-sm font-medium">
              {key === "from" ? "From" : "To"} (YYYY-MM-DD)
            </label>
            <input
              id={`period-${key}`}
              name={key}
              type="date"
              defaultValue={asked[key] || summary[key]}
              aria-invalid={fields[key] ? true : undefined}
              aria-describedby={fields[key] ? `period-${key}-error` : undefined}
              className="rounded border border-gray-500 px-3 py-2"
            />
            {fields[key] ? (
              <p id={`period-${key}-error`} className="text-sm font-medium text-red-800">
                {fields[key]}
              </p>
            ) : null}
          </div>
        ))}
        <button type="submit" className="rounded bg-blue-800 px-4 py-2 font-semibold text-white hover:bg-blue-900">
          Show
        </button>
      </form>
      {Object.keys(fields).length > 0 ? (
        <p role="alert" className="font-medium text-red-800">
          That period is not valid; showing {summary.from} to {summary.to} instead.
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="money-totals">
        {tiles.map((t) => (
          <div key={t.id} className="rounded border border-gray-400 p-3">
            <dt className="text-sm text-gray-800">{t.label}</dt>
            <dd className="text-xl font-semibold" data-testid={`money-${t.id}`}>
              {formatMoney(t.value, summary.currency)}
            </dd>
          </div>
        ))}
      </dl>
      <PairedBarChart
        name="money"
        caption={
          <>
            Captured and refunded per day, {summary.days[0]?.day} to {summary.days[summary.days.length - 1]?.day}.
          </>
        }
        tableCaption="Captured and refunded per day"
        days={summary.days}
        series={FLOWS}
        format={(n) => formatMoney(n, summary.currency)}
      />
    </div>
  );
}
