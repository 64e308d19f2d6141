import type { ReactNode } from "react";
import { Price } from "@/components/catalog/price";

export type SummaryLine = {
  variantId: string;
  name: string;
  /** The variant's option values ("M / Blue"); "" for a product without options. */
  variantTitle: string;
  quantity: number;
  lineTotalCents: number;
};

function Lines({ lines, currency }: { lines: SummaryLine[]; currency: string }) {
  return (
    <ul className="flex flex-col gap-2">
      {lines.map((l) => (
        <li key={l.variantId} className="flex justify-between gap-2">
          <span>
            {l.quantity} × {l.name}
            {l.variantTitle ? <span className="block text-sm text-gray-700">{l.variantTitle}</span> : null}
          </span>
          <Price cents={l.lineTotalCents} currency={currency} />
        </li>
      ))}
    </ul>
  );
}

// The checkout's order summary. On a phone it comes before the form with the amounts and the
// total always in view and the lines folded away in a <details> (a disclosure that needs no
// JavaScript); from the md breakpoint it is the sidebar with everything shown. The lines are
// rendered once per layout and only one of the two is ever displayed (display: none hides the
// other from assistive technology too). `totals` are the subtotal, shipping, tax and total rows
// (checkout-totals.tsx, which follow the form's country and shipping method).
export function OrderSummary({
  lines,
  currency,
  totals,
  className = "",
}: {
  lines: SummaryLine[];
  currency: string;
  totals: ReactNode;
  className?: string;
}) {
  const items = lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <section aria-labelledby="summary-heading" className={`rounded-lg border border-gray-200 p-4 ${className}`}>
      <h2 id="summary-heading" className="mb-3 text-xl font-semibold">
        Order summary
      </h2>
      <details className="mb-3 md:hidden" data-testid="summary-disclosure">
        <summary className="cursor-pointer rounded text-blue-800 underline">
          {items} {items === 1 ? "item" : "items"}
        </summary>
        <div className="mt-3">
          <Lines lines={lines} currency={currency} />
        </div>
      </details>
      <div className="hidden md:block">
        <Lines lines={lines} currency={currency} />
      </div>
      <div className="border-gray-200 md:mt-3 md:border-t md:pt-3">{totals}</div>
    </section>
  );
}
