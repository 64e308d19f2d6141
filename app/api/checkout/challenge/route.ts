// GET /api/checkout/challenge — a fresh proof-of-work challenge for the checkout's bot check
// (components/checkout/bot-check.tsx fetches it): ALTCHA's format, signed, expiring in 10
// minutes, at the cost this client owes now (lib/shield/checkout-challenge.ts).
import { readCartToken } from "@/lib/cart/cookie";
import { checkoutChallengeGate } from "@/lib/checkout/limits";
import { requestContext } from "@/lib/http/request-context";
import { UNKNOWN_CLIENT_IP } from "@/lib/net/client-ip";

export const dynamic = "force-dynamic";

export async function GET() {
  const [request, cartToken] = await Promise.all([requestContext(), readCartToken()]);
  const challenge = await checkoutChallengeGate().issue({
    ip: request.ip === UNKNOWN_CLIENT_IP ? null : request.ip,
    cartToken,
  });
  return Response.json(challenge, { headers: { "Cache-Control": "no-store" } });
}
