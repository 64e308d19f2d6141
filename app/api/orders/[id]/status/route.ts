// GET /api/orders/:id/status — how one order's payment is going, for the checkout return page
// (components/orders/payment-progress.tsx polls it). Answers only to the browser holding that
// order's capability cookie; rate limited per client address (lib/orders/progress.ts).
import { limits } from "@/lib/auth/limits";
import { rememberedOrder } from "@/lib/checkout/cookie";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { requestContext } from "@/lib/http/request-context";
import { orderProgressResponse } from "@/lib/orders/progress";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const [{ id }, capability, request] = await Promise.all([params, rememberedOrder(), requestContext()]);
  const result = await orderProgressResponse(
    { db: db(), secret: env().AUTH_SECRET, limit: limits().orderStatusPerIp },
    { orderId: id, capability, ip: request.ip },
  );
  return Response.json(result.body, { status: result.status, headers: result.headers });
}
