import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { RULES } from "@/lib/fraud/rules";
import { RULE_IDS } from "@/lib/fraud/types";

describe("rule registry", () => {
  it("registers every rule id under its own id, in RULE_IDS order", () => {
    expect(Object.keys(RULES)).toEqual([...RULE_IDS]);
    for (const id of RULE_IDS) expect(RULES[id].id).toBe(id);
  });

  it("has one file per rule, named after its id", () => {
    const dir = fileURLToPath(new URL("../../../lib/fraud/rules/", import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== "card-label.ts");
    expect(files.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual([...RULE_IDS].sort());
  });

  it("gives every rule a positive weight, a title and defaults its schema accepts", () => {
    for (const rule of Object.values(RULES)) {
      expect(rule.weight).toBeGreaterThan(0);
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.schema.safeParse(rule.defaults.thresholds).success).toBe(true);
    }
  });
});
