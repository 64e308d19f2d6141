import { can } from "@/lib/auth/authorize";
import { currentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { earlyFraudWarningsOf, fraudTypeLabel } from "@/lib/payments/early-fraud-warnings";
import { LocalDate } from "@/components/layout/local-date";
import type { FormAction } from "@/lib/action-state";
import { ActionForm } from "@/components/forms/action-form";

/**
 * The order's early fraud warnings (lib/payments/early-fraud-warnings.ts): the card issuer
 * reported the payment as fraud. An open one stands out and offers "refund and block this card"
 * in one step to staff who may both refund and block; a handled one says who handled it.
 */
export async function EarlyFraudWarnings({ orderId, refundAndBlock }: { orderId: string; refundAndBlock: FormAction }) {
  const actor = await currentUser();
  const warnings = await earlyFraudWarningsOf(db(), actor, orderId);
  if (warnings.length === 0) return null;
  const mayAct = can(actor, "orders.refund") && can(actor, "orders.decide");
  return (
    <div className="flex flex-col gap-3 md:col-span-2">
      {warnings.map((w) => {
        const open = w.resolvedAt === null;
        return (
          <section
            key={w.id}
            aria-labelledby={`efw-${w.id}`}
            data-testid="early-fraud-warning"
            data-state={open ? "open" : "resolved"}
            className={`flex flex-col gap-2 rounded border p-3 ${open ? "border-red-700 bg-red-50 text-red-950" : "border-gray-400 bg-gray-50 text-gray-900"}`}
          >
            <h2 id={`efw-${w.id}`} className="font-semibold">
              Early fraud warning: {fraudTypeLabel(w.fraudType)}
            </h2>
            <p className="text-sm">
              The card issuer reported this payment as fraud on <LocalDate value={w.createdAt} /> ·{" "}
              <span className="font-mono">{w.id}</span>
            </p>
            {open ? (
              <>
                <p className="text-sm">
                  {w.actionable
                    ? "A dispute (and its fee) usually follows. Refunding now heads it off; blocking the card stops the same card from buying again."
                    : "Stripe reports it can no longer be headed off (the payment is already disputed or refunded); you can still block the card."}
                </p>
                {mayAct ? (
                  <ActionForm
                    action={refundAndBlock}
                    submitLabel="Refund and block this card"
                    label={`Refund and block the card of warning ${w.id}`}
                    tone="danger"
                    testId="refund-and-block"
                  >
                    <input type="hidden" name="orderId" value={orderId} />
                    <input type="hidden" name="warningId" value={w.id} />
                    <p className="text-sm">
                      Refunds everything still refundable (reason: fraudulent) and adds the card&apos;s fingerprint to
                      the block list.
                    </p>
                  </ActionForm>
                ) : (
                  <p className="text-sm">An admin can refund the payment and block the card.</p>
                )}
              </>
            ) : (
              <p className="text-sm" data-testid="early-fraud-warning-resolved">
                Refunded and card blocked by {w.resolvedByEmail ?? "staff"} on <LocalDate value={w.resolvedAt!} />.
              </p>
            )}
          </section>
        );
      })}
    </div>
  );
}
