// POST /api/webhooks/stripe — Stripe's events, verified on the raw body before anything is read.
import { db } from "@/lib/db";
import { stripe, webhookSecret } from "@/lib/payments/stripe";
import { receiveStripeWebhook } from "@/lib/payments/webhook-endpoint";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const result = await receiveStripeWebhook(
    { db: db(), stripe: stripe(), secret: webhookSecret() },
    { body: await request.text(), signature: request.headers.get("stripe-signature") },
  );
  return Response.json(result.body, { status: result.status });
}
