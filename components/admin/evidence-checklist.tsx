import type { CountryRow, ScoreBreakdown, Signal, SignalStatus } from "@/lib/admin/evidence";

// The first thing a reviewer reads on a held order: the score with its band and parts, every
// signal in plain words (fired first), the raw evidence only behind "technical details", and the
// countries side by side. Presentational: the page computes the rows with lib/admin/evidence.

const STATUS: Record<SignalStatus, { label: string; tone: string; mark: string }> = {
  failed: { label: "Failed", tone: "border-red-700 bg-red-50 text-red-900", mark: "✗" },
  unknown: { label: "Unknown", tone: "border-gray-600 bg-gray-100 text-gray-900", mark: "?" },
  passed: { label: "Passed", tone: "border-green-700 bg-green-50 text-green-900", mark: "✓" },
};

const BAND_TONE = {
  low: "border-green-700 bg-green-50 text-green-900",
  elevated: "border-yellow-700 bg-yellow-50 text-yellow-900",
  high: "border-red-700 bg-red-50 text-red-900",
} as const;

export function RiskScore({ breakdown }: { breakdown: ScoreBreakdown }) {
  return (
    <div className="flex flex-col gap-1" data-testid="risk-score">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">Risk score {breakdown.score}</span>
        <span
          className={`rounded border px-2 py-0.5 text-sm font-semibold ${BAND_TONE[breakdown.band]}`}
          data-testid="risk-band"
        >
          {breakdown.band} risk
        </span>
      </p>
      {breakdown.parts.length === 0 ? (
        <p className="text-sm text-gray-800">No rule added points.</p>
      ) : (
        <p className="text-sm text-gray-800" data-testid="score-parts">
          {breakdown.parts.map((p) => `${p.title} +${p.points}${p.action === "HOLD" ? " (holds)" : ""}`).join(" · ")}
          {breakdown.capped ? ` (capped at ${breakdown.score})` : ""}
        </p>
      )}
    </div>
  );
}

export function SignalChecklist({ signals }: { signals: Signal[] }) {
  const failed = signals.filter((s) => s.status === "failed").length;
  return (
    <section
      aria-labelledby="signals-heading"
      className="flex flex-col gap-2 rounded border border-gray-300 p-4"
      data-testid="signal-checklist"
    >
      <h2 id="signals-heading" className="text-lg font-semibold">
        Signals checked
      </h2>
      <p className="text-sm text-gray-800">
        {failed === 0 ? "No signal fired." : `${failed} of ${signals.length} signals fired.`} Unknown means the facts to
        check were missing.
      </p>
      <ul className="flex flex-col gap-2">
        {signals.map((s) => {
          const st = STATUS[s.status];
          return (
            <li
              key={s.rule}
              className="flex flex-col gap-1 text-sm"
              data-testid="signal"
              data-status={s.status}
              data-rule={s.rule}
            >
              <p className="flex flex-wrap items-baseline gap-2">
                <span className={`inline-block min-w-20 rounded border px-2 py-0.5 text-xs font-semibold ${st.tone}`}>
                  <span aria-hidden="true">{st.mark} </span>
                  {st.label}
                </span>
                <span className="font-semibold">{s.title}</span>
                {s.status === "failed" ? (
                  <span className="text-gray-800">
                    +{s.points} points{s.action === "HOLD" ? ", holds the order" : ", alert only"}
                  </span>
                ) : null}
              </p>
              <p className="break-words">{s.summary}</p>
              {s.evidence ? (
                <details>
                  <summary className="cursor-pointer text-blue-800 underline">Technical details</summary>
                  <p className="mt-1 text-xs text-gray-800">
                    Rule <code>{s.rule}</code>
                  </p>
                  <pre className="mt-1 max-w-full overflow-x-auto rounded bg-gray-100 p-2 text-xs break-all whitespace-pre-wrap">
                    {JSON.stringify(s.evidence, null, 2)}
                  </pre>
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function CountriesSideBySide({ rows }: { rows: CountryRow[] }) {
  return (
    <section
      aria-labelledby="countries-heading"
      className="flex flex-col gap-2 rounded border border-gray-300 p-4"
      data-testid="countries"
    >
      <h2 id="countries-heading" className="text-lg font-semibold">
        Countries
      </h2>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Countries of the order, account, billing, shipping and card</caption>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.label}
              className="border-b border-gray-200"
              data-testid="country-row"
              data-differs={r.differs ? "true" : "false"}
            >
              <th scope="row" className="py-1 pr-3 font-medium">
                {r.label}
              </th>
              <td className="py-1 pr-3">
                {r.name ?? "Unknown"}
                {r.code && r.name !== r.code ? <span className="text-gray-800"> ({r.code})</span> : null}
                {r.differs ? <span className="ml-2 font-semibold text-red-800">differs from shipping</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
