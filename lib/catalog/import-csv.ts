import { parse } from "csv-parse/sync";
import { fromCsvCell } from "@/lib/admin/csv";
import { AppError } from "@/lib/errors";
import { PRODUCT_CSV_COLUMNS, type ProductCsvKey } from "./csv-columns";

// Reading a product CSV (the export's format, ./csv-columns.ts) into rows of cells, before any
// product rule is checked (./import.ts does that). Pure: bytes in, rows out. A problem with the
// file as a whole (too large, not UTF-8, unbalanced quotes, a required column missing, too many
// rows) is a VALIDATION error; a row with the wrong number of cells is reported on that row.
//
// Handled: a byte order mark (the export writes one), CRLF or LF line ends, line breaks inside
// quoted cells, headers in any case and order, columns the import does not know (ignored and
// listed), blank lines (skipped). Every cell gets the export's formula guard undone
// (fromCsvCell), so a name exported as '=HYPERLINK(…) is read back as =HYPERLINK(…), stored as
// that text, and exported with the guard again.

export const IMPORT_MAX_BYTES = 1_000_000;
export const IMPORT_MAX_ROWS = 1_000;
/** The longest record csv-parse will buffer: a description is at most 2,000 characters. */
const MAX_RECORD_CHARS = 20_000;

export type CsvRow = { line: number; cells: Partial<Record<ProductCsvKey, string>>; problem: string | null };
export type ParsedCsv = { rows: CsvRow[]; ignoredColumns: string[] };

const refuse = (message: string) => new AppError("VALIDATION", message, { file: message });
const normal = (header: string) => header.trim().toLowerCase();

/** Decodes and parses the file's bytes; throws VALIDATION for a file that cannot be read as a whole. */
export function parseProductCsv(bytes: Uint8Array): ParsedCsv {
  if (bytes.byteLength === 0) throw refuse("The file is empty.");
  if (bytes.byteLength > IMPORT_MAX_BYTES)
    throw refuse(`The file is larger than ${IMPORT_MAX_BYTES / 1_000_000} MB: split it into smaller files.`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw refuse("The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”.");
  }
  let records: { record: string[]; raw: string }[];
  try {
    // With `raw`, csv-parse returns { record, raw } objects; its types only describe plain records.
    records = parse(text, {
      bom: true,
      raw: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_CHARS,
    }) as unknown as { record: string[]; raw: string }[];
  } catch (error) {
    const where =
      typeof (error as { lines?: unknown }).lines === "number"
        ? ` near line ${(error as { lines: number }).lines}`
        : "";
    throw refuse(`The file could not be read as CSV${where}: check for a quote that is not closed.`);
  }
  // csv-parse's raw text holds everything but the final line break, so counting the breaks
  // in it gives each record's first line, also when a quoted cell spans several lines.
  let line = 1;
  const lines = records.map((r) => {
    const start = line;
    line += (r.raw.match(/\n/g)?.length ?? 0) + 1;
    return start;
  });
  const headerAt = records.findIndex((r) => r.record.some((c) => c.trim() !== ""));
  if (headerAt < 0) throw refuse("The file has no header row.");
  const header = records[headerAt]!.record.map(normal);
  const index = new Map<ProductCsvKey, number>();
  for (const column of PRODUCT_CSV_COLUMNS) {
    const at = header.indexOf(normal(column.header));
    if (at >= 0 && header.indexOf(normal(column.header), at + 1) >= 0)
      throw refuse(`The column “${column.header}” appears twice in the header row.`);
    if (at >= 0) index.set(column.key, at);
  }
  const missing = PRODUCT_CSV_COLUMNS.filter((c) => c.required && !index.has(c.key)).map((c) => `“${c.header}”`);
  if (missing.length)
    throw refuse(`The header row lacks ${missing.join(", ")}. Start from a product export (Download as CSV).`);
  const known = new Set(PRODUCT_CSV_COLUMNS.map((c) => normal(c.header)));
  const ignoredColumns = records[headerAt]!.record.filter((h) => h.trim() !== "" && !known.has(normal(h)));

  const rows: CsvRow[] = [];
  for (let i = headerAt + 1; i < records.length; i++) {
    const { record } = records[i]!;
    if (record.every((c) => c.trim() === "")) continue;
    if (rows.length === IMPORT_MAX_ROWS)
      throw refuse(`The file has more than ${IMPORT_MAX_ROWS} products: split it into smaller files.`);
    const cells: CsvRow["cells"] = {};
    for (const [key, at] of index) cells[key] = fromCsvCell(record[at] ?? "");
    const problem =
      record.length === header.length
        ? null
        : `This row has ${record.length} cells and the header row ${header.length}: check for a stray comma or quote.`;
    rows.push({ line: lines[i]!, cells, problem });
  }
  if (rows.length === 0) throw refuse("The file has a header row but no products.");
  return { rows, ignoredColumns };
}
