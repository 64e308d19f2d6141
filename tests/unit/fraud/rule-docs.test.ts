import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { BEGIN, END, RULE_TABLES, withTable } from "@/scripts/docs/rule-tables";
import { RULE_IDS } from "@/lib/fraud/rules";

// The rule tables in README.md and lib/fraud/README.md are generated from the registry. When this
// fails, run `npm run docs:rules` and commit the result.
const read = (file: string) => readFileSync(fileURLToPath(new URL(`../../../${file}`, import.meta.url)), "utf8");

describe("generated rule tables", () => {
  it.each(RULE_TABLES.map((t) => [t.file, t] as const))(
    "%s carries the table the registry generates",
    (file, { render }) => {
      const text = read(file);
      expect(text, "run npm run docs:rules").toBe(withTable(text, render(), file));
    },
  );

  it("lists every registered rule, once, in registry order", () => {
    for (const { render } of RULE_TABLES) {
      const ids = [...render().matchAll(/`([a-z0-9-]+)`/g)]
        .map((m) => m[1])
        .filter((id) => (RULE_IDS as readonly string[]).includes(id ?? ""));
      expect([...new Set(ids)]).toEqual([...RULE_IDS]);
    }
  });

  it("replaces only the text between the markers, and refuses a file without them", () => {
    const doc = `intro\n${BEGIN}\nold table\n${END}\noutro\n`;
    expect(withTable(doc, "new table")).toBe(`intro\n${BEGIN}\nnew table\n${END}\noutro\n`);
    expect(() => withTable("no markers", "t", "NOTES.md")).toThrow(/NOTES\.md: the rule-table markers are missing/);
  });
});
