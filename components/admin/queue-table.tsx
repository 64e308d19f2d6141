import Link from "next/link";
import type { ActionState } from "@/lib/action-state";
import type { ClaimState } from "@/lib/admin/claim-state";
import type { RiskBand } from "@/lib/admin/evidence";
import { formatMoney } from "@/lib/catalog/format";
import type { OrderStatus } from "@/lib/orders/status";
import { ClaimForm } from "./claim-form";
import { StatusBadge } from "./status-badge";
import { LocalDate } from "@/components/layout/local-date";

export type QueueRow = {
  id: string;
  reference: string;
  email: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  riskScore: number | null;
  band: RiskBand;
  decisionError: string | null;
  /** Plain-language titles of the rules that fired. */
  rules: string[];
  age: string;
  timeLeft: { label: string; urgent: boolean };
  claim: ClaimState;
};

function Reviewer({
  row,
  claimAction,
}: {
  row: QueueRow;
  claimAction: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const { claim } = row;
  if (row.status !== "HELD") return <span className="text-gray-800">–</span>;
  if (claim.kind === "other") {
    return (
      <p data-testid="claim-state" data-claim="other">
        Being reviewed by <strong>{claim.name}</strong>{" "}
        <span className="text-gray-800">
          until <LocalDate value={claim.until} style="time" />
        </span>
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-1">
      {claim.kind === "mine" ? (
        <p data-testid="claim-state" data-claim="mine">
          <strong>Assigned to you</strong>{" "}
          <span className="text-gray-800">
            until <LocalDate value={claim.until} style="time" />
          </span>
        </p>
      ) : claim.kind === "lapsed" ? (
        <p data-testid="claim-state" data-claim="lapsed">
          {claim.name}&apos;s claim has lapsed
        </p>
      ) : null}
      <ClaimForm
        action={claimAction}
        orderId={row.id}
        reference={row.reference}
        intent={claim.kind === "mine" ? "release" : "take"}
        label={claim.kind === "mine" ? "Release" : claim.kind === "lapsed" ? "Take over" : "Take"}
      />
    </div>
  );
}

export function QueueTable({
  rows,
  caption,
  claimAction,
}: {
  rows: QueueRow[];
  caption: string;
  claimAction: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  if (rows.length === 0)
    return (
      <p className="rounded border border-gray-300 p-4 text-gray-800" data-testid="queue-empty">
        No orders match.
      </p>
    );
  return (
    // Wide on a phone: the table scrolls inside its own region (reachable by keyboard), never the
    // page. `relative` makes the region clip the visually hidden (absolutely positioned) labels
    // in its cells too; without it they stick out and widen the page.
    <div className="relative overflow-x-auto" role="region" aria-label="Queue table" tabIndex={0}>
      <table className="w-full border-collapse text-sm" data-testid="queue">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-gray-400 text-left">
            <th scope="col" className="px-2 py-2">
              Order
            </th>
            <th scope="col" className="px-2 py-2">
              Customer
            </th>
            <th scope="col" className="px-2 py-2 text-right">
              Amount
            </th>
            <th scope="col" className="px-2 py-2 text-right">
              Risk
            </th>
            <th scope="col" className="px-2 py-2">
              Rules
            </th>
            <th scope="col" className="px-2 py-2">
              Placed
            </th>
            <th scope="col" className="px-2 py-2">
              Time left
            </th>
            <th scope="col" className="px-2 py-2">
              Status
            </th>
            <th scope="col" className="px-2 py-2">
              Reviewer
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              className="border-b border-gray-200 align-top"
              data-testid="queue-row"
              data-reference={r.reference}
            >
              <th scope="row" className="px-2 py-2 text-left">
                <Link href={`/admin/orders/${r.id}`} className="font-mono font-semibold text-blue-800 underline">
                  {r.reference}
                </Link>
              </th>
              <td className="px-2 py-2 break-all">{r.email}</td>
              <td className="px-2 py-2 text-right whitespace-nowrap">{formatMoney(r.totalCents, r.currency)}</td>
              <td className="px-2 py-2 text-right whitespace-nowrap">
                {r.riskScore ?? "–"} <span className="text-gray-800">({r.band})</span>
              </td>
              <td className="px-2 py-2">
                <ul>
                  {r.rules.map((rule) => (
                    <li key={rule}>{rule}</li>
                  ))}
                </ul>
              </td>
              <td className="px-2 py-2 whitespace-nowrap">{r.age}</td>
              <td className={`px-2 py-2 whitespace-nowrap ${r.timeLeft.urgent ? "font-semibold text-red-800" : ""}`}>
                {r.timeLeft.label}
              </td>
              <td className="px-2 py-2">
                <StatusBadge status={r.status} />
                {r.decisionError ? <p className="mt-1 text-xs font-medium text-red-800">Last decision failed</p> : null}
              </td>
              <td className="px-2 py-2">
                <Reviewer row={r} claimAction={claimAction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
