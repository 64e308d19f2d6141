"use server";
import { refresh } from "next/cache";
import { failedAction, type ActionState } from "@/lib/actions";
import { adminAction } from "@/lib/admin/request-guards";
import { applyProductImport, previewProductImport, type ImportPreview } from "@/lib/catalog/import";
import { db } from "@/lib/db";

// /admin/products/import's two steps: the admin gate, then lib/catalog/import.ts, which checks
// catalog.manage again. The preview writes nothing; apply sends the same file with the
// preview's digest, and the domain function plans again and compares.

type ImportPreviewState = ActionState & { preview?: ImportPreview };
type ImportApplyState = ActionState & { digest?: string };

export async function previewImportAction(_prev: ImportPreviewState, form: FormData): Promise<ImportPreviewState> {
  try {
    const { staff } = await adminAction("catalog.manage");
    const preview = await previewProductImport(db(), staff, { file: form.get("file") });
    const { create, update, unchanged, refused } = preview.counts;
    const changes = create + update;
    const message = refused
      ? `${refused} ${refused === 1 ? "row is" : "rows are"} refused: correct ${refused === 1 ? "it" : "them"} in the file and preview again. Nothing can be imported until every row is accepted.`
      : changes === 0
        ? `0 changes: all ${unchanged} ${unchanged === 1 ? "product matches" : "products match"} the catalog.`
        : `${changes} ${changes === 1 ? "change" : "changes"} to apply: ${create} new, ${update} updated, ${unchanged} unchanged.`;
    return { ok: true, message, fields: {}, preview };
  } catch (error) {
    return failedAction(error);
  }
}

export async function applyImportAction(_prev: ImportApplyState, form: FormData): Promise<ImportApplyState> {
  const digest = form.get("digest");
  try {
    const { staff, ip } = await adminAction("catalog.manage");
    const r = await applyProductImport(db(), staff, { file: form.get("file"), digest }, { ip });
    refresh();
    return {
      ok: true,
      message: `Imported: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged; stock adjusted on ${r.stockAdjusted} ${r.stockAdjusted === 1 ? "product" : "products"}.`,
      fields: {},
      digest: typeof digest === "string" ? digest : undefined,
    };
  } catch (error) {
    return failedAction(error);
  }
}
