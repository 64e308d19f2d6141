"use client";
import { useEffect, useId, useRef } from "react";
import type { BacktestGroup, BacktestView } from "@/lib/admin/backtest";

/** The "Preview on the last 90 days" button of a rules-page form: same form, intent=preview. */
export function PreviewButton({ pending }: { pending: boolean }) {
  return (
    <button
      type="submit"
      name="intent"
      value="preview"
      disabled={pending}
      className="self-start rounded border border-gray-500 bg-white px-4 py-2 font-semibold text-gray-900 hover:bg-gray-100 disabled:opacity-60"
    >
      Preview on the last 90 days
    </button>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function Outcomes({ group }: { group: BacktestGroup }) {
  if (group.orders === 0) return null;
  const reasons = group.rejectedReasons.map((r) => `${r.count} ${r.label.toLowerCase()}`).join(", ");
  return (
    <>
      : of those, {plural(group.rejected, "was", "were")} later rejected{reasons ? ` (${reasons})` : ""},{" "}
      {group.refundedAsFraud} refunded as fraud and {group.disputed} disputed
      {group.withAnyOutcome > 0 ? ` (${plural(group.withAnyOutcome, "order")} with any of these)` : ""}
    </>
  );
}

/**
 * What the settings typed would have done over the last 90 days (lib/admin/backtest.ts). Focus
 * moves to its heading when a new preview arrives, so a keyboard or screen reader user lands on
 * the answer; without JavaScript the page reloads with it.
 */
export function BacktestPanel({ view, level = 3 }: { view: BacktestView | undefined; level?: 2 | 3 }) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (view) heading.current?.focus();
  }, [view]);
  if (!view) return null;
  const held = (n: number) => plural(n, "order");
  // The heading ranks below the form's own: h3 under a rule's h2, h2 in the page's top section.
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section
      aria-labelledby={headingId}
      data-testid="backtest-panel"
      className="flex flex-col gap-2 rounded border border-blue-300 bg-blue-50 p-3 text-sm text-gray-900"
    >
      <Heading id={headingId} ref={heading} tabIndex={-1} className="text-base font-semibold">
        Preview on the last {view.days} days: {view.subject}
      </Heading>
      <p data-testid="backtest-summary">
        {plural(view.assessed, "order")} assessed from {view.since.slice(0, 10)} to {view.until.slice(0, 10)}. Held with
        the current settings: {held(view.heldCurrent)}; with {view.subject}: {held(view.heldProposed)}.
      </p>
      <ul className="flex list-disc flex-col gap-1 pl-5">
        <li data-testid="backtest-more">
          <strong>{plural(view.more.orders, "more order")} held</strong>
          <Outcomes group={view.more} />.
        </li>
        <li data-testid="backtest-fewer">
          <strong>{plural(view.fewer.orders, "fewer order", "fewer orders")} held</strong> (captured without review)
          <Outcomes group={view.fewer} />.
        </li>
      </ul>
      {view.reevaluated.length > 0 ? (
        <p>Re-run on the stored orders and customers’ current details: {view.reevaluated.join(", ")}.</p>
      ) : null}
      {view.notReplayed.length > 0 ? (
        <p data-testid="backtest-not-replayed" className="font-medium">
          Not replayed: {view.notReplayed.join(", ")} reads earlier orders and attempts, so its new thresholds (or
          turning it on) cannot be replayed from what was recorded; the preview keeps its recorded results.
        </p>
      ) : null}
      <p className="text-gray-800">
        From the rules recorded on each order when its payment was authorized; rejections are staff decisions, refunds
        count when their reason names fraud. Nothing is saved until you press Save. Computed in {view.tookMs} ms.
      </p>
    </section>
  );
}
