import { Price } from "@/components/catalog/price";
import { amountsOfOrder, OrderAmounts } from "@/components/checkout/order-amounts";
import { COUNTRIES } from "@/lib/checkout/countries";
import type { OrderView } from "@/lib/orders/queries";
import { ORDER_STATUS_LABEL, type OrderStatus as Status } from "@/lib/orders/status";
import { LocalDate } from "@/components/layout/local-date";

function OrderStatus({ status }: { status: Status }) {
  return (
    <p className="text-lg" data-testid="order-status" data-status={status}>
      Status: <strong>{ORDER_STATUS_LABEL[status]}</strong>
    </p>
  );
}

export function OrderDetails({ order }: { order: OrderView }) {
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-3xl font-bold">Order {order.reference}</h1>
        <p className="text-gray-800">
          Placed <LocalDate value={order.createdAt} />
        </p>
      </div>
      <OrderStatus status={order.status} />
      <section aria-labelledby="items-heading">
        <h2 id="items-heading" className="mb-2 text-xl font-semibold">
          Items
        </h2>
        <ul className="divide-y divide-gray-200 border-y border-gray-200">
          {order.items.map((i) => (
            <li key={i.sku} className="flex justify-between py-2">
              <span>
                {i.quantity} × {i.name}
              </span>
              <Price cents={i.unitPriceCents * i.quantity} currency={order.currency} />
            </li>
          ))}
        </ul>
        <div className="mt-2">
          <OrderAmounts amounts={amountsOfOrder(order)} testId="order-total" />
        </div>
      </section>
      <section aria-labelledby="shipping-heading">
        <h2 id="shipping-heading" className="mb-2 text-xl font-semibold">
          Shipping to
        </h2>
        <address className="not-italic">
          {order.shippingName}
          <br />
          {order.shippingLine1}
          {order.shippingLine2 ? (
            <>
              <br />
              {order.shippingLine2}
            </>
          ) : null}
          <br />
          {order.shippingPostal} {order.shippingCity}
          <br />
          {COUNTRIES[order.shippingCountry] ?? order.shippingCountry}
        </address>
      </section>
      {order.payment && order.payment.amountRefunded > 0 ? (
        <p data-testid="order-refunded">
          Refunded <Price cents={order.payment.amountRefunded} currency={order.currency} /> of the{" "}
          <Price cents={order.payment.amountCaptured} currency={order.currency} /> you paid;{" "}
          {order.payment.amountCaptured > order.payment.amountRefunded ? (
            <>
              <Price cents={order.payment.amountCaptured - order.payment.amountRefunded} currency={order.currency} />{" "}
              remains paid.
            </>
          ) : (
            "everything has been refunded."
          )}
        </p>
      ) : null}
      {order.payment?.cardLast4 ? (
        <p>
          Paid with {order.payment.cardBrand ?? "card"} ending in {order.payment.cardLast4}
        </p>
      ) : null}
    </div>
  );
}
