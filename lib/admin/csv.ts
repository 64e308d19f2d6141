// CSV for spreadsheets (RFC 4180), safe to open in Excel, LibreOffice or Google Sheets. A cell a
// customer controls (a name, an email address) could start with a formula such as
// =HYPERLINK(…) that the spreadsheet runs when the file is opened (CSV injection, OWASP): every
// cell starting with = + - @ TAB or CR gets a leading single quote, so it is shown as text. Then
// every cell is quoted, with quotes inside doubled, so commas, quotes and line breaks stay in
// their cell. Pure, unit-tested in tests/unit/admin/csv.test.ts.

const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null | undefined;

/** One cell: formula triggers neutralized, then quoted. */
export function csvCell(value: CsvValue): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The inverse of csvCell's guard, for a cell read back from a file this writer made (the product
 * import, lib/catalog/import-csv.ts): a leading ' before a formula trigger is the guard, so it
 * is dropped and the text is the one that was exported. Writing it out again adds the guard
 * again, so export → import → export gives the same file. Any other leading ' is kept.
 */
export function fromCsvCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** One record: cells joined by commas, ended by CRLF. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
