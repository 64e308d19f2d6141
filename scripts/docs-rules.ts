// npm run docs:rules — rewrites the generated rule tables in README.md and lib/fraud/README.md
// from the registry (lib/fraud/rules/index.ts). Run it after adding or changing a rule.
import { readFileSync, writeFileSync } from "node:fs";
import { RULE_TABLES, withTable } from "./docs/rule-tables";

for (const { file, render } of RULE_TABLES) {
  const before = readFileSync(file, "utf8");
  const after = withTable(before, render(), file);
  if (after === before) console.log(`docs:rules: ${file} is up to date`);
  else {
    writeFileSync(file, after);
    console.log(`docs:rules: rewrote the rule table in ${file}`);
  }
}
