"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { PAYMENT_OUTCOME_MESSAGE, type PaymentOutcome } from "@/lib/orders/payment-outcome";

// The return page's message, kept current while the payment is being confirmed: it asks
// GET /api/orders/:id/status with backoff (1 s, 2 s, 3 s, then every 5 s) until the
// provider's webhook has landed, then re-renders the page's order details once. The message is a
// polite live region, so a screen reader announces the outcome. Without JavaScript the page is
// the same minus the polling, and the refresh link does the job.

const DELAYS_MS = [1_000, 2_000, 3_000, 5_000] as const;
/** After this long a human should look: the page says so and stops asking. */
const GIVE_UP_MS = 10 * 60_000;

const TONE: Record<PaymentOutcome, string> = {
  confirming: "bg-blue-50 text-blue-900",
  paid: "bg-green-50 text-green-900",
  review: "bg-amber-50 text-amber-900",
  declined: "bg-red-50 text-red-900",
  expired: "bg-gray-100 text-gray-900",
};

const isOutcome = (value: unknown): value is PaymentOutcome =>
  typeof value === "string" && Object.hasOwn(PAYMENT_OUTCOME_MESSAGE, value);

export function PaymentProgress({ orderId, outcome: initial }: { orderId: string; outcome: PaymentOutcome }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState(initial);
  const [stalled, setStalled] = useState(false);

  useEffect(() => {
    if (outcome !== "confirming") return;
    const controller = new AbortController();
    const started = Date.now();
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let wait: number = DELAYS_MS[Math.min(++attempt, DELAYS_MS.length - 1)] ?? 5_000;
      try {
        const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}/status`, {
          cache: "no-store",
          signal: controller.signal,
        });
        if (response.ok) {
          const body: unknown = await response.json();
          const next = typeof body === "object" && body !== null ? (body as { outcome?: unknown }).outcome : undefined;
          if (isOutcome(next) && next !== "confirming") {
            setOutcome(next);
            router.refresh();
            return;
          }
        } else if (response.status === 429) {
          wait = Math.max(wait, Number(response.headers.get("Retry-After")) * 1000 || 0);
        } else if (response.status < 500) {
          // The capability cookie is gone or no longer matches: only a refresh can tell more.
          return setStalled(true);
        }
      } catch {
        if (controller.signal.aborted) return;
        // Offline for a moment: try again on the schedule.
      }
      if (Date.now() - started + wait > GIVE_UP_MS) return setStalled(true);
      timer = setTimeout(() => void poll(), wait);
    };
    timer = setTimeout(() => void poll(), DELAYS_MS[0]);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [orderId, outcome, router]);

  return (
    <div className={`rounded p-3 ${TONE[outcome]}`}>
      <p role="status" data-testid="payment-outcome" data-outcome={outcome}>
        {PAYMENT_OUTCOME_MESSAGE[outcome]}
      </p>
      {outcome === "confirming" ? (
        <p className="mt-1 text-sm">
          {stalled ? "This is taking longer than usual. " : "Not changing? "}
          {/* A full load on purpose: it works without JavaScript, and re-reads everything. */}
          <a href="/checkout/return" className="underline">
            Refresh this page
          </a>
          .
        </p>
      ) : null}
    </div>
  );
}
