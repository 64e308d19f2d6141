// CSV for spreadsheets (RFC 4180), safe to open in Excel, LibreOffice or Google Sheets. A cell a
// customer controls (a name, an email address) could start with a formula such as
// =HYPERLINK(…) that the spreadsheet runs when the file is opened (CSV injection, OWASP): every
// cell starting with = + - @ TAB or CR gets a leading single quote, so it is shown as text. Then
// every cell is quoted, with quotes inside doubled, so commas, quotes and line breaks stay in
// their cell. (A cell whose text starts with quotes before such a character gets one more, so
// the guard can be told apart when a file is read back: fromCsvCell.) Pure, unit-tested in tests/unit/admin/csv.test.ts.

// Text that already starts with quotes before a trigger ('=x) gets one more, so that reading the
// cell back (fromCsvCell) can always tell the guard from the text.
const GUARDED = /^'*[=+\-@\t\r]/;

export type CsvValue = string | number | null | undefined;

/** One cell: formula triggers neutralized, then quoted. */
export function csvCell(value: CsvValue): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = GUARDED.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The inverse of csvCell's guard, for a cell read back from a file this writer made (the product
 * import, lib/catalog/import-csv.ts): a leading ' before a formula trigger is the guard, so it
 * is dropped and the text is the one that was exported. Writing it out again adds the guard
 * again, so export → import → export gives the same file. Any other leading ' is kept (a text
 * such as '=x was written as ''=x and reads back as '=x).
 */
export function fromCsvCell(text: string): string {
  return text.startsWith("'") && GUARDED.test(text.slice(1)) ? text.slice(1) : text;
}

/** One record: cells joined by commas, ended by CRLF. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
