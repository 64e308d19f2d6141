import type { DayCount } from "@/lib/admin/stats";

// Orders and alerts per day as a server-rendered SVG bar chart (no script). The SVG is a picture
// of the table under it, which carries the same numbers for screen readers and keyboard users.

const W = 560;
const H = 160;
const PAD = 24;

export function DailyChart({ days }: { days: DayCount[] }) {
  const max = Math.max(1, ...days.map((d) => Math.max(d.orders, d.alerts)));
  const slot = (W - PAD) / days.length;
  const bar = Math.max(2, slot / 2 - 2);
  const y = (n: number) => H - PAD - ((H - 2 * PAD) * n) / max;
  const totals = days.reduce((acc, d) => ({ orders: acc.orders + d.orders, alerts: acc.alerts + d.alerts }), { orders: 0, alerts: 0 });
  return (
    <figure className="flex flex-col gap-2" aria-labelledby="activity-caption">
      <figcaption id="activity-caption" className="text-sm text-gray-800">
        Orders and alerts per day, last {days.length} days: {totals.orders} orders, {totals.alerts} alerts.
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full max-w-xl" aria-hidden="true" focusable="false" data-testid="activity-chart">
        <line x1={PAD} x2={W} y1={H - PAD} y2={H - PAD} stroke="#6b7280" />
        <text x={0} y={PAD} fontSize="10" fill="#374151">
          {max}
        </text>
        {days.map((d, i) => {
          const x = PAD + i * slot;
          return (
            <g key={d.day}>
              <rect x={x} y={y(d.orders)} width={bar} height={H - PAD - y(d.orders)} fill="#1d4ed8" />
              <rect x={x + bar + 1} y={y(d.alerts)} width={bar} height={H - PAD - y(d.alerts)} fill="#b91c1c" />
              {i % 2 === 0 ? (
                <text x={x} y={H - 8} fontSize="9" fill="#374151">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <p className="flex gap-4 text-sm text-gray-800" aria-hidden="true">
        <span>
          <span className="mr-1 inline-block h-3 w-3 bg-blue-700" /> Orders
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 bg-red-700" /> Alerts
        </span>
      </p>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-blue-800">Show the numbers as a table</summary>
        <table className="mt-2 border-collapse" data-testid="activity-table">
          <caption className="sr-only">Orders and alerts per day</caption>
          <thead>
            <tr>
              <th scope="col" className="px-2 py-1 text-left">Day</th>
              <th scope="col" className="px-2 py-1 text-right">Orders</th>
              <th scope="col" className="px-2 py-1 text-right">Alerts</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day} className="border-t border-gray-200">
                <th scope="row" className="px-2 py-1 text-left font-normal">{d.day}</th>
                <td className="px-2 py-1 text-right">{d.orders}</td>
                <td className="px-2 py-1 text-right">{d.alerts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
