import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { fullLabel } from "@/lib/fraud/rule-settings";
import { RULE_IDS, RULES } from "@/lib/fraud/rules";

describe("rule registry", () => {
  it("registers every rule once, under its own id, in list order", () => {
    expect(Object.keys(RULES)).toEqual([...RULE_IDS]);
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    for (const id of RULE_IDS) expect(RULES[id].id).toBe(id);
  });

  // lib/fraud/rules/ holds exactly one file per rule, named after its id, plus the registry
  // (index.ts): a reader finds a rule by its id, and a rule file that was never registered
  // fails here instead of silently never running. Helpers shared by rules live one level up,
  // in lib/fraud/ (card-label.ts, normalize.ts, names.ts).
  it("has one file per registered rule in lib/fraud/rules/, named after its id, and nothing else", () => {
    const dir = fileURLToPath(new URL("../../../lib/fraud/rules/", import.meta.url));
    const files = readdirSync(dir).filter((f) => f !== "index.ts");
    expect(files.sort()).toEqual(RULE_IDS.map((id) => `${id}.ts`).sort());
  });

  it("gives every rule a positive weight, a title, and settings whose defaults pass their own schema", () => {
    for (const rule of Object.values(RULES)) {
      expect(rule.weight).toBeGreaterThan(0);
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.schema.safeParse(rule.defaults.thresholds)).toMatchObject({
        success: true,
        data: rule.defaults.thresholds,
      });
      const labels = Object.values(rule.settings).map(fullLabel);
      // Labels name the setting in errors and on the page: each must be unique within its rule.
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});
