import { Price } from "@/components/catalog/price";

export type SummaryLine = { productId: string; name: string; quantity: number; lineTotalCents: number };

/** A row under the lines (shipping, and whatever else the total is made of). */
export type SummaryRow = { label: string; cents: number };

function Lines({ lines, rows, currency }: { lines: SummaryLine[]; rows: SummaryRow[]; currency: string }) {
  return (
    <>
      <ul className="flex flex-col gap-2">
        {lines.map((l) => (
          <li key={l.productId} className="flex justify-between gap-2">
            <span>
              {l.quantity} × {l.name}
            </span>
            <Price cents={l.lineTotalCents} currency={currency} />
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-col gap-2 border-t border-gray-200 pt-3">
        {rows.map((r) => (
          <p key={r.label} className="flex justify-between">
            <span>{r.label}</span>
            <Price cents={r.cents} currency={currency} />
          </p>
        ))}
      </div>
    </>
  );
}

// The checkout's order summary. On a phone it comes before the form with the total always in
// view and the lines folded away in a <details> (a disclosure that needs no JavaScript); from
// the md breakpoint it is the sidebar with everything shown. The lines are rendered once per
// layout and only one of the two is ever displayed (display: none hides the other from
// assistive technology too).
export function OrderSummary({ lines, rows, totalCents, currency, className = "" }: { lines: SummaryLine[]; rows: SummaryRow[]; totalCents: number; currency: string; className?: string }) {
  const items = lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <section aria-labelledby="summary-heading" className={`rounded-lg border border-gray-200 p-4 ${className}`}>
      <h2 id="summary-heading" className="mb-3 text-xl font-semibold">
        Order summary
      </h2>
      <details className="mb-3 md:hidden" data-testid="summary-disclosure">
        <summary className="cursor-pointer rounded text-blue-800 underline">
          {items} {items === 1 ? "item" : "items"} and shipping
        </summary>
        <div className="mt-3">
          <Lines lines={lines} rows={rows} currency={currency} />
        </div>
      </details>
      <div className="hidden md:block">
        <Lines lines={lines} rows={rows} currency={currency} />
      </div>
      <p className="flex justify-between text-lg font-bold md:mt-2" data-testid="checkout-total">
        <span>Total</span>
        <Price cents={totalCents} currency={currency} />
      </p>
    </section>
  );
}
