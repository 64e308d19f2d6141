import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logging/logger";
import type { ImageStorage } from "./storage";
import { parseWidthFileName } from "./widths";

// An upload writes its files first and the row that uses them second (./product-images.ts): a
// process that dies between the two, or a removal whose file deletion failed, leaves files that no
// product uses. They harm nobody (nothing links to them, and the media route serves only what a
// ProductImage row names), but they take space; this sweep deletes them. A file younger than the
// grace period is left alone, since its upload may still be committing its row.

/** Longer than any upload takes between writing its files and committing its row. */
export const ORPHAN_GRACE_MS = 60 * 60_000;

export async function sweepOrphanImages(
  db: Db,
  storage: ImageStorage,
  now: Date = new Date(),
  graceMs: number = ORPHAN_GRACE_MS,
): Promise<{ removed: number; kept: number }> {
  const files = await storage.list();
  const keys = [...new Set(files.map((f) => parseWidthFileName(f.name)?.key).filter((k) => k !== undefined))];
  const used = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.productImage.findMany({
      where: { key: { in: keys.slice(i, i + 500) } },
      select: { key: true },
    });
    for (const row of rows) used.add(row.key);
  }
  const orphans = files.filter(
    (f) => !used.has(parseWidthFileName(f.name)!.key) && now.getTime() - f.writtenAt.getTime() > graceMs,
  );
  if (orphans.length > 0) {
    await storage.remove(orphans.map((f) => f.name));
    logger.info({ component: "catalog", removed: orphans.length }, "removed picture files no product uses");
  }
  return { removed: orphans.length, kept: files.length - orphans.length };
}
