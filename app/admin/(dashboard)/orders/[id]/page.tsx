import type { Metadata } from "next";
import { notFound, forbidden } from "next/navigation";
import { DecisionForm } from "@/components/admin/decision-form";
import { CountriesSideBySide, RiskScore, SignalChecklist } from "@/components/admin/evidence-checklist";
import { DisputeBanner } from "@/components/admin/dispute-banner";
import { PaymentAttempts } from "@/components/admin/payment-attempts";
import { ProposalPanel } from "@/components/admin/proposal-panel";
import { ReviewerSignalsPanel } from "@/components/admin/reviewer-signals";
import { countsAgainstCapture } from "@/lib/payments/refund-status";
import { RefundForm } from "@/components/admin/refund-form";
import { OrderFacts } from "@/components/admin/order-review";
import { StatusBadge } from "@/components/admin/status-badge";
import { adminPage } from "@/lib/admin/request-guards";
import { orderForReview } from "@/lib/admin/order-detail";
import { RELATED_ATTEMPT_DAYS } from "@/lib/admin/payment-attempts";
import { timeLeft } from "@/lib/admin/queue";
import { can } from "@/lib/auth/authorize";
import { formatMoney } from "@/lib/catalog/format";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { listProposals } from "@/lib/orders/dual-control";
import { needsSecondPerson } from "@/lib/orders/dual-control-policy";
import { confirmApprovalAction, decideAction } from "../../actions";
import { confirmRefundAction, refundAction, withdrawProposalAction } from "./actions";
import { LocalDate } from "@/components/layout/local-date";
import { requestDates } from "@/lib/dates/request";
import { refundAndBlockAction } from "./early-fraud-warning-actions";

export const metadata: Metadata = { title: "Order review" };

export default async function OrderReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const gate = await adminPage(`/admin/orders/${id}`, "orders.view");
  if (!gate.allowed) forbidden();
  const order = await orderForReview(db(), gate.staff, { orderId: id }).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const left = timeLeft(order.captureBefore, new Date());
  const dates = await requestDates();
  const proposals = (await listProposals(db(), gate.staff, order.id)).map((p) => ({
    ...p,
    when: { created: dates(p.createdAt), expires: dates(p.expiresAt) },
  }));
  const dualControlCents = env().ADMIN_DUAL_CONTROL_CENTS;
  const stepUp = order.totalCents > env().ADMIN_STEP_UP_CENTS;
  const isHeld = order.status === "HELD";
  // Refunds count together: what this order's refunds (made or under way) may still add before a second admin is needed.
  const counted = order.payment ? order.payment.amountCaptured - order.refundable.cents : 0;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold">
          Order <span className="font-mono">{order.reference}</span>
        </h1>
        <StatusBadge status={order.status} />
      </div>
      <p className="text-gray-800">
        {formatMoney(order.totalCents, order.currency)} · placed <LocalDate value={order.createdAt} />
        {order.status === "HELD" ? ` · authorization: ${left.label}` : ""}
      </p>
      <RiskScore breakdown={order.score} />
      {order.disputes.map((d) => (
        <DisputeBanner key={d.id} dispute={d} />
      ))}
      {order.decisionError ? (
        <p
          role="alert"
          className="rounded border border-red-700 bg-red-50 p-3 font-medium text-red-900"
          data-testid="decision-error"
        >
          The last decision could not be applied: {order.decisionError}
        </p>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <SignalChecklist signals={order.signals} />
        <div className="flex flex-col gap-4">
          <CountriesSideBySide rows={order.countries} />
          <ReviewerSignalsPanel signals={order.reviewerSignals} currency={order.currency} />
        </div>
      </div>
      {can(gate.staff, "orders.decide") ? (
        <section aria-labelledby="decide-heading" className="flex flex-col gap-3 rounded border border-gray-400 p-4">
          <h2 id="decide-heading" className="text-xl font-semibold">
            Decide
          </h2>
          <ProposalPanel
            proposals={proposals}
            kind="APPROVE"
            currency={order.currency}
            action={confirmApprovalAction}
            withdrawAction={withdrawProposalAction}
            stepUp={stepUp}
            open={isHeld}
          />
          <DecisionForm
            orderId={order.id}
            reference={order.reference}
            action={decideAction}
            stepUp={stepUp}
            open={isHeld}
            dualControl={needsSecondPerson(order.totalCents, dualControlCents)}
            approvalPending={isHeld && proposals.some((p) => p.kind === "APPROVE" && p.status === "PENDING")}
            canBlockCard={!!order.payment?.cardFingerprint}
          />
        </section>
      ) : null}
      {can(gate.staff, "orders.refund") && (order.refundable.open || order.refunds.length > 0) ? (
        <section aria-labelledby="refund-heading" className="flex flex-col gap-3 rounded border border-gray-400 p-4">
          <h2 id="refund-heading" className="text-xl font-semibold">
            Refunds
          </h2>
          {order.payment ? (
            <p className="text-sm text-gray-800" data-testid="refunded-total">
              Captured {formatMoney(order.payment.amountCaptured, order.currency)} · refunded (confirmed by Stripe){" "}
              {formatMoney(order.payment.amountRefunded, order.currency)} · remains paid{" "}
              {formatMoney(Math.max(0, order.payment.amountCaptured - order.payment.amountRefunded), order.currency)} ·
              still refundable {formatMoney(order.refundable.cents, order.currency)}
            </p>
          ) : null}
          {order.refunds.length > 0 ? (
            <ul className="flex flex-col gap-1 text-sm" data-testid="refunds">
              {order.refunds.map((r) => (
                <li key={r.id} data-testid="refund" data-status={r.status}>
                  <span className="font-semibold">{r.status.toLowerCase()}</span> ·{" "}
                  {formatMoney(r.amountCents, order.currency)} · {r.reason} · by {r.staffEmail} ·{" "}
                  <LocalDate value={r.createdAt} />
                  {r.taxCents > 0 ? ` · tax ${formatMoney(r.taxCents, order.currency)}` : ""}
                  {r.shippingCents > 0 ? ` · shipping ${formatMoney(r.shippingCents, order.currency)}` : ""}
                  {r.restock ? " · restocked" : ""}
                  {r.error ? <span className="block font-medium text-red-800">Refused: {r.error}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <ProposalPanel
            proposals={proposals}
            kind="REFUND"
            currency={order.currency}
            action={confirmRefundAction}
            withdrawAction={withdrawProposalAction}
            stepUp={false}
            open={order.refundable.open}
          />
          <RefundForm
            secondAdminAboveCents={dualControlCents > 0 ? dualControlCents - counted : null}
            orderId={order.id}
            currency={order.currency}
            refundableCents={order.refundable.cents}
            lines={order.items.map((i) => ({
              id: i.id,
              name: i.name,
              unitPriceCents: i.unitPriceCents,
              quantity: i.quantity,
              taxCents: i.taxCents,
              refundable: order.refundable.lines[i.id] ?? 0,
            }))}
            extras={{
              taxAdded: !order.taxInclusive,
              shippingCents: order.shippingCents,
              shippingRefundable:
                order.shippingCents > 0 &&
                !order.refunds.some((r) => r.shippingCents > 0 && countsAgainstCapture(r.status)),
            }}
            action={refundAction}
            open={order.refundable.open}
          />
        </section>
      ) : null}
      <PaymentAttempts attempts={order.attempts} relatedDays={RELATED_ATTEMPT_DAYS} />
      <OrderFacts order={order} refundAndBlock={refundAndBlockAction} />
    </div>
  );
}
