import { adminAction } from "@/lib/admin/request-guards";
import { csvDownload } from "@/lib/admin/csv-download";
import { exportOrdersCsv } from "@/lib/admin/orders";
import { db } from "@/lib/db";

// GET /admin/orders/export?q=…&status=…: the order list as it is filtered on /admin/orders, as a
// CSV download. The same gate as every admin action (lib/admin/request-guards.ts adminAction: network
// allowlist and staff role, else 404 as if the admin area did not exist; 2FA, passkey policy,
// acknowledged policy and orders.view, else 403). Route handlers get no layout, so nothing here
// relies on the dashboard layout's check.
export async function GET(request: Request): Promise<Response> {
  return csvDownload(async () => {
    const { staff, ip } = await adminAction("orders.view");
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return exportOrdersCsv(db(), staff, params, { now: new Date(), ip });
  });
}
