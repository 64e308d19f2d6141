import { adminAction } from "@/lib/admin/request-guards";
import { csvDownload } from "@/lib/admin/csv-download";
import { exportProductsCsv } from "@/lib/catalog/export";
import { db } from "@/lib/db";

// GET /admin/products/export?q=…&state=…: the product list as it is filtered on /admin/products,
// as a CSV download (formulas neutralized). The admin gate as for every admin action
// (catalog.manage); route handlers get no layout, so nothing relies on the layout's check.
export async function GET(request: Request): Promise<Response> {
  return csvDownload(async () => {
    const { staff, ip } = await adminAction("catalog.manage");
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return exportProductsCsv(db(), staff, params, { now: new Date(), ip });
  });
}
