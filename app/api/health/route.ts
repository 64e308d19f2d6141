// GET /api/health — liveness for load balancers and the test harness: the database answers.
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET() {
  await db().category.count();
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
