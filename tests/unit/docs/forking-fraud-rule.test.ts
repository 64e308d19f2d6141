import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";

import { afterAll, describe, expect, it } from "vitest";

import { RULES } from "@/lib/fraud/rules";
import { RULE_TABLES, withTable } from "@/scripts/docs/rule-tables";

import { applyDiff, codeBlock, filesTable, parseDiff, read, REPO, section } from "./guide";

// docs/forking.md step 5 ("Add a fraud rule") must be exact: its example is the shipped rule,
// and the files it names are all the files a new rule changes. This test takes lib/fraud and its
// unit tests into a temporary folder, removes the example, runs the suite, applies the guide's
// steps as written, runs the suite again, and compares what changed with the guide's table.

const EXAMPLE = "disposable-email-domain";
const RULE_FILE = `lib/fraud/rules/${EXAMPLE}.ts`;
const REGISTRY = "lib/fraud/rules/index.ts";
const guide = section(5);
const files = filesTable(guide, "fraud-rule");
const testFile = files.find((f) => f.startsWith("tests/")) ?? "";
const registryDiff = parseDiff(codeBlock(guide, REGISTRY));
const added = registryDiff
  .flat()
  .filter((l) => l.op === "+")
  .map((l) => l.text);

const tmp = mkdtempSync(join(tmpdir(), "forking-guide-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (name === "node_modules" || name === ".vite") continue;
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return out;
}

// Runs tests/unit/fraud in the copy, with `@/lib/fraud` pointing at the copy and every other
// `@/` import at this checkout.
async function runSuite(): Promise<{ ok: boolean; output: string }> {
  const config = `
import { defineConfig } from "vitest/config";
export default defineConfig({
  root: ${JSON.stringify(tmp)},
  cacheDir: ${JSON.stringify(join(tmp, ".vite"))},
  resolve: { alias: [
    { find: /^@\\/lib\\/fraud$/, replacement: ${JSON.stringify(join(tmp, "lib/fraud/index.ts"))} },
    { find: /^@\\/lib\\/fraud\\//, replacement: ${JSON.stringify(join(tmp, "lib/fraud/"))} },
    { find: /^@\\//, replacement: ${JSON.stringify(REPO)} },
    { find: /^server-only$/, replacement: ${JSON.stringify(join(REPO, "tests/support/empty.ts"))} },
  ] },
  test: { include: ["tests/unit/fraud/**/*.test.ts"], environment: "node", pool: "forks", maxWorkers: 1 },
});`;
  writeFileSync(join(tmp, "vitest.config.mjs"), config);
  // The child is a fresh vitest run, not a worker of this one.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "NODE_OPTIONS") delete env[key];
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(REPO, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.config.mjs"],
      { cwd: tmp, env, maxBuffer: 16 << 20 },
    );
    return { ok: true, output: stdout };
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}\n${stderr}` };
  }
}

describe("docs/forking.md, step 5: add a fraud rule", () => {
  it("names the shipped example's files, and shows the rule exactly as shipped", () => {
    expect(files).toEqual([
      RULE_FILE,
      REGISTRY,
      `tests/unit/fraud/${EXAMPLE}.test.ts`,
      "README.md",
      "lib/fraud/README.md",
    ]);
    expect(guide).toContain(
      `changes exactly these ${["zero", "one", "two", "three", "four", "five", "six"][files.length]} files`,
    );
    expect(codeBlock(guide, RULE_FILE)).toBe(read(RULE_FILE));
    for (const line of added)
      expect(
        read(REGISTRY)
          .split("\n")
          .filter((l) => l === line),
        line,
      ).toHaveLength(1);
  });

  it("no code, doc or unit test outside those files names the example rule", () => {
    const scanned = ["app", "components", "lib", "scripts", "tests/unit", "docs"].flatMap((dir) =>
      [...snapshot(join(REPO, dir))].map(([path, text]) => [`${dir}/${path}`, text] as const),
    );
    const mentions = [...scanned, ["README.md", read("README.md")] as const]
      .filter(([, text]) => text.includes(EXAMPLE))
      .map(([path]) => path);
    expect(mentions.filter((path) => !files.includes(path)).sort()).toEqual([
      "docs/forking.md",
      "tests/unit/docs/forking-fraud-rule.test.ts",
    ]);
  });

  it(
    "applied to a copy without the example, changes exactly the files it names, and the suite passes before and after",
    { timeout: 180_000 },
    async () => {
      symlinkSync(join(REPO, "node_modules"), join(tmp, "node_modules"), "dir");
      cpSync(join(REPO, "lib/fraud"), join(tmp, "lib/fraud"), { recursive: true });
      cpSync(join(REPO, "tests/unit/fraud"), join(tmp, "tests/unit/fraud"), { recursive: true });
      cpSync(join(REPO, "README.md"), join(tmp, "README.md"));

      // The store before the example: no rule file, no test, no registration, tables without it.
      rmSync(join(tmp, RULE_FILE));
      rmSync(join(tmp, testFile));
      writeFileSync(
        join(tmp, REGISTRY),
        read(REGISTRY)
          .split("\n")
          .filter((line) => !added.includes(line))
          .join("\n"),
      );
      const others = Object.values(RULES).filter((rule) => rule.id !== EXAMPLE);
      for (const { file, render } of RULE_TABLES)
        writeFileSync(join(tmp, file), withTable(read(file), render(others), file));
      const before = snapshot(tmp);
      const baseline = await runSuite();
      expect(baseline.ok, baseline.output).toBe(true);

      // Steps a–d, as the guide writes them.
      writeFileSync(join(tmp, RULE_FILE), codeBlock(guide, RULE_FILE));
      writeFileSync(join(tmp, REGISTRY), applyDiff(readFileSync(join(tmp, REGISTRY), "utf8"), registryDiff));
      cpSync(join(REPO, testFile), join(tmp, testFile));
      // Step d is `npm run docs:rules`; the registry is now the shipped one (checked just below),
      // so its tables are what the script writes.
      expect(readFileSync(join(tmp, REGISTRY), "utf8")).toBe(read(REGISTRY));
      for (const { file, render } of RULE_TABLES)
        writeFileSync(join(tmp, file), withTable(readFileSync(join(tmp, file), "utf8"), render(), file));

      const after = snapshot(tmp);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
        (path) => before.get(path) !== after.get(path) && path !== "vitest.config.mjs",
      );
      expect(changed.sort()).toEqual([...files].sort());
      const applied = await runSuite();
      expect(applied.ok, applied.output).toBe(true);
      expect(applied.output).toMatch(new RegExp(`${EXAMPLE}\\.test\\.ts`));
    },
  );
});
