import type { MoneyDay } from "@/lib/admin/money";
import { formatMoney } from "@/lib/catalog/format";

// Captured and refunded money per day as a server-rendered SVG (no script). The SVG is a picture
// of the table under it, which carries the same numbers for screen readers and keyboard users.

const W = 560;
const H = 160;
const PAD = 28;

export function MoneyChart({ days, currency }: { days: MoneyDay[]; currency: string }) {
  const max = Math.max(1, ...days.map((d) => Math.max(d.captured, d.refunded)));
  const slot = (W - PAD) / Math.max(1, days.length);
  const bar = Math.max(1, slot / 2 - 1);
  const y = (n: number) => H - PAD - ((H - 2 * PAD) * n) / max;
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  return (
    <figure className="flex flex-col gap-2" aria-labelledby="money-caption">
      <figcaption id="money-caption" className="text-sm text-gray-800">
        Captured and refunded per day, {days[0]?.day} to {days[days.length - 1]?.day}.
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full max-w-xl" aria-hidden="true" focusable="false" data-testid="money-chart">
        <line x1={PAD} x2={W} y1={H - PAD} y2={H - PAD} stroke="#6b7280" />
        <text x={0} y={PAD - 6} fontSize="10" fill="#374151">
          {formatMoney(max, currency)}
        </text>
        {days.map((d, i) => {
          const x = PAD + i * slot;
          return (
            <g key={d.day}>
              <rect x={x} y={y(d.captured)} width={bar} height={H - PAD - y(d.captured)} fill="#047857" />
              <rect x={x + bar} y={y(d.refunded)} width={bar} height={H - PAD - y(d.refunded)} fill="#b91c1c" />
              {i % labelEvery === 0 ? (
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
          <span className="mr-1 inline-block h-3 w-3 bg-emerald-700" /> Captured
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 bg-red-700" /> Refunded
        </span>
      </p>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-blue-800">Show the numbers as a table</summary>
        <table className="mt-2 border-collapse" data-testid="money-table">
          <caption className="sr-only">Captured and refunded per day</caption>
          <thead>
            <tr>
              <th scope="col" className="px-2 py-1 text-left">Day</th>
              <th scope="col" className="px-2 py-1 text-right">Captured</th>
              <th scope="col" className="px-2 py-1 text-right">Refunded</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day} className="border-t border-gray-200">
                <th scope="row" className="px-2 py-1 text-left font-normal">{d.day}</th>
                <td className="px-2 py-1 text-right">{formatMoney(d.captured, currency)}</td>
                <td className="px-2 py-1 text-right">{formatMoney(d.refunded, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
