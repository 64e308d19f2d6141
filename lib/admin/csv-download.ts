import "server-only";
import { toPublicError } from "@/lib/errors";

// The response of an admin CSV export route (/admin/orders/export, /admin/products/export).
// `work` runs the admin gate and the export; its AppErrors become the admin area's answers:
// NOT_FOUND (outside the allowlist, not staff) → 404 as if the area did not exist, any other
// refusal → 403, anything unexpected → 500 with a generic message (the mapper logs it).
export async function csvDownload(work: () => Promise<{ filename: string; csv: string }>): Promise<Response> {
  try {
    const { filename, csv } = await work();
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
    if (code === "NOT_FOUND")
      return new Response("Not found", {
        status: 404,
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      });
    return new Response(status === 500 ? "Something went wrong." : "Not allowed.", {
      status: status === 500 ? 500 : 403,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
}
