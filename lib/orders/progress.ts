import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { notFound, toPublicError } from "@/lib/errors";
import { ipBucketKey, type Limiter } from "@/lib/rate-limit";
import { rateLimited } from "@/lib/auth/rate-limited";
import { parseInput } from "@/lib/validation";
import { verifyOrderCapability } from "./guest-link";
import { paymentOutcome, PAYMENT_OUTCOME_MESSAGE, type PaymentOutcome } from "./payment-outcome";
import { orderStatus, type OrderStatus } from "./status";

// GET /api/orders/:id/status as a function: how the payment of one order is going, for the
// checkout return page that polls it. The caller must hold that order's capability (the
// httpOnly cookie the checkout set, lib/checkout/cookie.ts); an id it does not grant answers
// exactly like an id that does not exist, so the endpoint tells nobody which orders exist.
// Only the status leaves: no address, email or card facts.

type OrderProgress = { status: OrderStatus; outcome: PaymentOutcome; message: string };

export type OrderProgressDeps = { db: Db; secret: string; limit: Limiter };

export type OrderProgressRequest = { orderId: unknown; capability: string | undefined; ip: string };

export type OrderProgressResponse = {
  status: number;
  body: OrderProgress | { error: string };
  headers: Record<string, string>;
};

const orderIdSchema = z.object({
  orderId: z.string({ error: "Unknown order." }).regex(/^[a-z0-9]{20,32}$/, "Unknown order."),
});

async function readOrderProgress(
  { db, secret }: Omit<OrderProgressDeps, "limit">,
  { orderId, capability }: Omit<OrderProgressRequest, "ip">,
): Promise<OrderProgress> {
  const { orderId: id } = parseInput(orderIdSchema, { orderId });
  if (verifyOrderCapability(secret, capability) !== id) throw notFound("That order");
  const order = await db.order.findUnique({ where: { id }, select: { status: true } });
  if (!order) throw notFound("That order");
  const status = orderStatus.parse(order.status);
  const outcome = paymentOutcome(status);
  return { status, outcome, message: PAYMENT_OUTCOME_MESSAGE[outcome] };
}

/** The endpoint's answer: 200 with the progress, or the mapped error (429 with Retry-After). */
export async function orderProgressResponse(
  deps: OrderProgressDeps,
  request: OrderProgressRequest,
): Promise<OrderProgressResponse> {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  // Counted first, so guessing ids costs the same whether or not they exist.
  const allowed = await deps.limit.consume(ipBucketKey(request.ip));
  if (!allowed.allowed) {
    return {
      status: 429,
      body: { error: rateLimited(allowed.retryAfterSec).message },
      headers: { ...headers, "Retry-After": String(allowed.retryAfterSec) },
    };
  }
  try {
    return { status: 200, body: await readOrderProgress(deps, request), headers };
  } catch (error) {
    const failure = toPublicError(error);
    return { status: failure.status, body: { error: failure.message }, headers };
  }
}
