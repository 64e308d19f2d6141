import { SHIPPING_METHOD_LABEL, taxLineLabel, type ShippingMethod } from "@/lib/checkout/pricing";
import Link from "next/link";
import type { ReactNode } from "react";
import type { FormAction } from "@/lib/action-state";
import type { OrderForReview } from "@/lib/admin/order-detail";
import { formatMoney } from "@/lib/catalog/format";
import { reasonLabel } from "@/lib/orders/decision-reasons";
import type { OrderStatus } from "@/lib/orders/status";
import { StatusBadge } from "./status-badge";
import { EarlyFraudWarnings } from "./early-fraud-warning";
import { LocalDate } from "@/components/layout/local-date";

// The facts a reviewer reads before deciding. Presentational: the page loads OrderForReview.

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section
      aria-labelledby={id}
      className="flex flex-col gap-2 rounded border border-gray-300 p-4"
      data-testid={testId}
    >
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-medium text-gray-800">{term}</dt>
          <dd>{value ?? "–"}</dd>
        </div>
      ))}
    </dl>
  );
}

const address = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join(", ") || "–";

function OrderList({
  orders,
  empty,
}: {
  orders: {
    id: string;
    reference: string;
    status: OrderStatus;
    totalCents: number;
    currency: string;
    createdAt: Date;
    email?: string;
  }[];
  empty: string;
}) {
  if (orders.length === 0) return <p className="text-sm text-gray-800">{empty}</p>;
  return (
    <ul className="flex flex-col gap-1 text-sm">
      {orders.map((o) => (
        <li key={o.id} className="flex flex-wrap gap-2">
          <Link href={`/admin/orders/${o.id}`} className="font-mono text-blue-800 underline">
            {o.reference}
          </Link>
          <StatusBadge status={o.status} />
          <span>{formatMoney(o.totalCents, o.currency)}</span>
          <span className="text-gray-800">
            <LocalDate value={o.createdAt} style="date" />
          </span>
          {o.email ? <span>{o.email}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function OrderFacts({ order, refundAndBlock }: { order: OrderForReview; refundAndBlock: FormAction }) {
  const p = order.payment;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <EarlyFraudWarnings orderId={order.id} refundAndBlock={refundAndBlock} />
      <Section title="Items and totals">
        <ul className="text-sm">
          {order.items.map((i) => (
            <li key={i.id}>
              {i.quantity} × {i.name} <span className="text-gray-800">({i.sku})</span> at{" "}
              {formatMoney(i.unitPriceCents, order.currency)}
            </li>
          ))}
        </ul>
        <Facts
          rows={[
            ["Subtotal", formatMoney(order.subtotalCents, order.currency)],
            [
              `Shipping (${SHIPPING_METHOD_LABEL[order.shippingMethod as ShippingMethod] ?? order.shippingMethod})`,
              formatMoney(order.shippingCents, order.currency),
            ],
            [
              order.taxLabel
                ? taxLineLabel({ label: order.taxLabel, bps: order.taxBps, inclusive: order.taxInclusive })
                : "Tax",
              formatMoney(order.taxCents, order.currency),
            ],
            ["Total", formatMoney(order.totalCents, order.currency)],
          ]}
        />
      </Section>
      <Section title="Customer" testId="customer">
        <Facts
          rows={[
            ["Name", order.user?.name ?? "Guest"],
            ["Email", order.email],
            ["Signup country", order.user?.signupCountry ?? "–"],
            ["Order IP", order.ip],
            ["IP country", order.ipCountry],
          ]}
        />
      </Section>
      <Section title="Card" testId="card">
        <Facts
          rows={[
            ["Brand", p?.cardBrand],
            ["Last 4", p?.cardLast4],
            ["Issuing country", p?.cardCountry],
            ["Fingerprint", p?.cardFingerprint ? <code key="fp">{p.cardFingerprint}</code> : null],
            ["Cardholder", p?.cardholderName],
            ["Payment status", p?.status],
          ]}
        />
      </Section>
      <Section title="Addresses">
        <Facts
          rows={[
            [
              "Billing",
              address([p?.billingLine1, p?.billingLine2, p?.billingCity, p?.billingPostal, p?.billingCountry]),
            ],
            ["Billing email", p?.billingEmail],
            [
              "Shipping",
              address([
                order.shippingName,
                order.shippingLine1,
                order.shippingLine2,
                order.shippingCity,
                order.shippingPostal,
                order.shippingCountry,
              ]),
            ],
          ]}
        />
      </Section>
      <Section title="Decision history" testId="decisions">
        {order.decisions.length === 0 ? (
          <p className="text-sm text-gray-800">No decision yet.</p>
        ) : (
          <ol className="flex flex-col gap-2 text-sm">
            {order.decisions.map((d) => (
              <li key={d.id}>
                <span className="font-semibold">{d.decision.toLowerCase()}</span> ({reasonLabel(d.reason)}) by{" "}
                {d.staffEmail} on <LocalDate value={d.createdAt} />:{" "}
                <span className={d.outcome === "FAILED" ? "font-semibold text-red-800" : "text-green-800"}>
                  {d.outcome.toLowerCase()}
                </span>
                . “{d.note}”{d.error ? ` Error: ${d.error}` : ""}
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section title="Customer's other orders">
        <OrderList orders={order.customerOrders} empty="No other orders by this customer." />
      </Section>
      <Section title="Other orders with this card" testId="card-orders">
        <OrderList orders={order.cardOrders} empty="No other orders with this card." />
      </Section>
    </div>
  );
}
