import type { ReactNode } from "react";

// Two numbers per day as side-by-side bars in a server-rendered SVG (no script), for the admin
// dashboard's activity and the money overview. The SVG is a picture of the table under it, which
// carries the same numbers for screen readers and keyboard users.

export type BarSeries<Day> = { label: string; value: (day: Day) => number; fill: string; swatch: string };

/** The plot's padding, the space between a day's two bars, and the baseline of the scale's top label. */
export type BarLayout = { pad: number; gap: number; scaleY: number };

const W = 560;
const H = 160;

export function PairedBarChart<Day extends { day: string }>(props: {
  /** Names the caption's id and the test ids: `<name>-caption`, `<name>-chart`, `<name>-table`. */
  name: string;
  caption: ReactNode;
  tableCaption: string;
  days: Day[];
  series: [BarSeries<Day>, BarSeries<Day>];
  format?: (n: number) => string;
  layout?: BarLayout;
}) {
  const { name, days, series, format = String } = props;
  // Without a layout, the money overview's spacing; the dashboard keeps its own (see its page).
  const { pad, gap, scaleY } = props.layout ?? { pad: 28, gap: 0, scaleY: 22 };
  const max = Math.max(1, ...days.map((d) => Math.max(...series.map((s) => s.value(d)))));
  const slot = (W - pad) / Math.max(1, days.length);
  const bar = Math.max(gap + 1, slot / 2 - (gap + 1));
  const y = (n: number) => H - pad - ((H - 2 * pad) * n) / max;
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  return (
    <figure className="flex flex-col gap-2" aria-labelledby={`${name}-caption`}>
      <figcaption id={`${name}-caption`} className="text-sm text-gray-800">
        {props.caption}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full max-w-xl"
        aria-hidden="true"
        focusable="false"
        data-testid={`${name}-chart`}
      >
        <line x1={pad} x2={W} y1={H - pad} y2={H - pad} stroke="#6b7280" />
        <text x={0} y={scaleY} fontSize="10" fill="#374151">
          {format(max)}
        </text>
        {days.map((d, i) => {
          const x = pad + i * slot;
          return (
            <g key={d.day}>
              {series.map((s, k) => (
                <rect
                  key={s.label}
                  x={k === 0 ? x : x + bar + gap}
                  y={y(s.value(d))}
                  width={bar}
                  height={H - pad - y(s.value(d))}
                  fill={s.fill}
                />
              ))}
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
        {series.map((s) => (
          <span key={s.label}>
            <span className={`mr-1 inline-block h-3 w-3 ${s.swatch}`} /> {s.label}
          </span>
        ))}
      </p>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-blue-800">Show the numbers as a table</summary>
        <table className="mt-2 border-collapse" data-testid={`${name}-table`}>
          <caption className="sr-only">{props.tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col" className="px-2 py-1 text-left">
                Day
              </th>
              {series.map((s) => (
                <th key={s.label} scope="col" className="px-2 py-1 text-right">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day} className="border-t border-gray-200">
                <th scope="row" className="px-2 py-1 text-left font-normal">
                  {d.day}
                </th>
                {series.map((s) => (
                  <td key={s.label} className="px-2 py-1 text-right">
                    {format(s.value(d))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
