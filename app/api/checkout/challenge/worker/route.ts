// GET /api/checkout/challenge/worker — the altcha widget's SHA worker, served from this origin.
// The widget solves its challenge in Web Workers; the store's CSP allows workers from 'self'
// only (no blob: URLs, no 'unsafe-*'), so the "external" build of the widget is used and its
// worker script is served here, unchanged, from the installed package.
import { readFile } from "node:fs/promises";
import path from "node:path";

export const dynamic = "force-static";

const WORKER = path.join(process.cwd(), "node_modules", "altcha", "dist", "workers", "sha.js");

export async function GET() {
  const source = await readFile(WORKER, "utf8");
  return new Response(source, {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
