import { adminAction } from "@/lib/admin/guards";
import { exportOrdersCsv } from "@/lib/admin/orders";
import { db } from "@/lib/db";
import { toPublicError } from "@/lib/errors";

// GET /admin/orders/export?q=…&status=…: the order list as it is filtered on /admin/orders, as a
// CSV download. The same gate as every admin action (lib/admin/guards.ts adminAction: network
// allowlist and staff role, else 404 as if the admin area did not exist; 2FA, passkey policy,
// acknowledged policy and orders.view, else 403). Route handlers get no layout, so nothing here
// relies on the dashboard layout's check.
export async function GET(request: Request): Promise<Response> {
  try {
    const { staff, ip } = await adminAction("orders.view");
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const { filename, csv } = await exportOrdersCsv(db(), staff, params, { now: new Date(), ip });
    // A byte order mark so spreadsheet programs read the file as UTF-8.
    return new Response(`\uFEFF${csv}`, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    const { status, code } = toPublicError(error);
    if (code === "NOT_FOUND") return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
    return new Response(status === 500 ? "Something went wrong." : "Not allowed.", { status: status === 500 ? 500 : 403, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
}
