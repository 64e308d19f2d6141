import { Price } from "@/components/catalog/price";
import { SHIPPING_METHOD_LABEL, taxLineLabel, type ShippingMethod } from "@/lib/checkout/pricing";

export type Amounts = {
  currency: string;
  subtotalCents: number;
  shippingCents: number;
  // A stored order holds a string; SHIPPING_METHOD_LABEL names the known ones.
  shippingMethod: string;
  taxCents: number;
  /** null: no tax collected for this destination. */
  tax: { bps: number; label: string; inclusive: boolean } | null;
  totalCents: number;
};

/** Subtotal, shipping, tax and total rows, the same in the checkout summary, the cart and the order page. */
export function OrderAmounts({
  amounts: a,
  totalLabel = "Total",
  testId,
}: {
  amounts: Amounts;
  totalLabel?: string;
  testId?: string;
}) {
  const method =
    a.shippingMethod in SHIPPING_METHOD_LABEL ? SHIPPING_METHOD_LABEL[a.shippingMethod as ShippingMethod] : "Shipping";
  return (
    <dl className="flex flex-col gap-1">
      <div className="flex justify-between gap-2">
        <dt>Subtotal</dt>
        <dd>
          <Price cents={a.subtotalCents} currency={a.currency} />
        </dd>
      </div>
      <div className="flex justify-between gap-2" data-testid="amount-shipping">
        <dt>{method}</dt>
        <dd>{a.shippingCents === 0 ? "Free" : <Price cents={a.shippingCents} currency={a.currency} />}</dd>
      </div>
      {a.tax ? (
        <div className="flex justify-between gap-2" data-testid="amount-tax">
          <dt>{taxLineLabel(a.tax)}</dt>
          <dd>
            <Price cents={a.taxCents} currency={a.currency} />
          </dd>
        </div>
      ) : null}
      <div className="flex justify-between gap-2 border-t border-gray-200 pt-1 text-lg font-bold" data-testid={testId}>
        <dt>{totalLabel}</dt>
        <dd>
          <Price cents={a.totalCents} currency={a.currency} />
        </dd>
      </div>
    </dl>
  );
}

type StoredAmounts = Pick<
  Amounts,
  "currency" | "subtotalCents" | "shippingCents" | "shippingMethod" | "taxCents" | "totalCents"
> & { taxBps: number; taxInclusive: boolean; taxLabel: string | null };

/** An order's stored amounts in the shape OrderAmounts shows. */
export function amountsOfOrder(o: StoredAmounts): Amounts {
  return { ...o, tax: o.taxLabel ? { bps: o.taxBps, label: o.taxLabel, inclusive: o.taxInclusive } : null };
}
