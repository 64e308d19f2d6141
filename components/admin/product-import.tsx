"use client";
import { useActionState, useContext, useState } from "react";
import { initialActionState, type ActionState, type FormAction } from "@/lib/action-state";
import type { ImportOutcome, ImportPreview } from "@/lib/catalog/import";
import { FormScaffold } from "@/components/forms/action-form";
import { FormContext, fieldId } from "@/components/forms/form-parts";

// /admin/products/import: choose a CSV, preview it (nothing is written), then import the same
// file. The browser keeps the chosen File between the two steps and sends it again with the
// preview's digest; the server plans again and refuses if anything differs from the preview.

type PreviewState = ActionState & { preview?: ImportPreview };
type ApplyState = ActionState & { digest?: string };

const OUTCOME: Record<ImportOutcome, string> = {
  create: "New",
  update: "Update",
  unchanged: "Unchanged",
  refused: "Refused",
};

function FileField() {
  const { fields, idPrefix } = useContext(FormContext);
  const id = fieldId(idPrefix ?? "import", "file");
  const error = fields.file;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-gray-900">
        CSV file
      </label>
      <input
        id={id}
        name="file"
        type="file"
        accept=".csv,text/csv"
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="rounded border border-gray-500 px-3 py-2 text-gray-900"
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function PreviewTable({ preview }: { preview: ImportPreview }) {
  // Unchanged rows are only counted: the table lists what would change and what is refused.
  const rows = preview.rows.filter((r) => r.outcome !== "unchanged");
  if (rows.length === 0) return null;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="import-preview">
        <caption className="sr-only">What the import would do, by line of the file</caption>
        <thead>
          <tr className="border-b border-gray-400 text-left">
            <th scope="col" className="px-2 py-2">
              Line
            </th>
            <th scope="col" className="px-2 py-2">
              Product
            </th>
            <th scope="col" className="px-2 py-2">
              Outcome
            </th>
            <th scope="col" className="px-2 py-2">
              Details
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.line} className="border-b border-gray-200 align-top">
              <td className="px-2 py-2">{r.line}</td>
              <th scope="row" className="px-2 py-2 text-left font-normal break-words">
                <span className="font-semibold">{r.name || "(no name)"}</span>{" "}
                <span className="font-mono text-gray-800">{r.slug}</span>
              </th>
              <td className={r.outcome === "refused" ? "px-2 py-2 font-semibold text-red-800" : "px-2 py-2"}>
                {OUTCOME[r.outcome]}
              </td>
              <td className="px-2 py-2">
                {r.errors.length ? (
                  <ul className="list-disc pl-4">
                    {r.errors.map((e) => (
                      <li key={e.field}>
                        <strong>{e.field}</strong>: {e.message}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <>
                    {r.outcome === "create" ? "New product" : `Changes: ${r.changes.join(", ")}`}
                    {r.stock ? ` (stock ${r.stock.before ?? 0} → ${r.stock.after})` : ""}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ProductImport({
  previewAction,
  applyAction,
}: {
  previewAction: FormAction<PreviewState>;
  applyAction: FormAction<ApplyState>;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [previewed, preview, previewPending] = useActionState<PreviewState, FormData>(
    previewAction,
    initialActionState,
  );
  const [applied, apply, applyPending] = useActionState<ApplyState, FormData>(applyAction, initialActionState);
  const result = previewed.ok ? previewed.preview : undefined;
  const done = result !== undefined && applied.ok && applied.digest === result.digest;
  const ready =
    result !== undefined &&
    result.counts.refused === 0 &&
    result.counts.create + result.counts.update > 0 &&
    file !== null &&
    !done;
  return (
    <div className="flex flex-col gap-6">
      <FormScaffold
        state={previewed}
        pending={previewPending}
        formAction={(form: FormData) => {
          const chosen = form.get("file");
          setFile(chosen instanceof File && chosen.size > 0 ? chosen : null);
          preview(form);
        }}
        label="Preview a CSV import"
        submitLabel="Preview"
        pendingLabel="Reading the file…"
        testId="import-preview-form"
        className="flex max-w-2xl flex-col gap-3"
      >
        <FileField />
      </FormScaffold>
      {result ? (
        <section aria-labelledby="import-preview-heading" className="flex flex-col gap-3">
          <h2 id="import-preview-heading" className="text-xl font-semibold">
            Preview of {result.fileName}
          </h2>
          <p data-testid="import-counts">
            {result.counts.create} new, {result.counts.update} updated, {result.counts.unchanged} unchanged,{" "}
            {result.counts.refused} refused.
          </p>
          {result.ignoredColumns.length ? (
            <p className="text-sm text-gray-800">Ignored columns: {result.ignoredColumns.join(", ")}.</p>
          ) : null}
          <PreviewTable preview={result} />
          {done ? (
            <p
              role="status"
              className="rounded border border-green-700 bg-green-50 p-3 text-green-900"
              data-testid="import-done"
            >
              {applied.message}
            </p>
          ) : ready ? (
            <FormScaffold
              state={applied}
              pending={applyPending}
              formAction={(form: FormData) => {
                if (file) form.set("file", file);
                apply(form);
              }}
              label="Apply the import"
              submitLabel="Import these changes"
              pendingLabel="Importing…"
              testId="import-apply-form"
              className="flex max-w-2xl flex-col gap-3"
            >
              <input type="hidden" name="digest" value={result.digest} />
            </FormScaffold>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
