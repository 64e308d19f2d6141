import { existsSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { PERMISSIONS } from "@/lib/auth/authorize";
import { handlers } from "@/lib/payments/webhooks";

import { codeBlock, filesTable, read, REPO, section } from "./guide";
import { sourceFiles } from "./source-files";

// docs/forking.md's other extension points (a webhook event, a permission, an email): each names
// every file it changes, and the lists those files must keep up to date are checked against the
// code here, so following the guide is enough and skipping a step fails. Step 5 (a fraud rule)
// has its own test: forking-fraud-rule.test.ts.

const backticked = (text: string) => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? "");
const tableRows = (text: string, header: string) => {
  const lines = text.split("\n").map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) throw new Error(`no table starting "${header}"`);
  const rows = lines.slice(start + 2);
  return rows
    .slice(
      0,
      rows.findIndex((l) => !l.startsWith("|")),
    )
    .map((row) =>
      row
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
};
const expectFilesExist = (files: string[]) => {
  for (const file of files.filter((f) => /^[\w.-]+(\/[\w.()[\]-]+)*\.\w+$/.test(f)))
    expect(existsSync(`${REPO}${file}`), file).toBe(true);
};

describe("docs/forking.md", () => {
  it("names only files that exist", () => {
    const prose = read("docs/forking.md").replace(/^ *```[\s\S]*?^ *```/gm, "");
    // Paths only: not commands, URLs, placeholders (<id>) or globs; bench/results.json is written by npm run bench.
    const named = backticked(prose).filter(
      (f) =>
        f.includes("/") &&
        /\.(tsx?|mjs|md|json|prisma|css)$/.test(f) &&
        !/[\s<>…*]/.test(f) &&
        !f.startsWith("http") &&
        f !== "bench/results.json",
    );
    expect(named.length).toBeGreaterThan(40);
    const missing = [...new Set(named)].filter((f) => !existsSync(`${REPO}${f}`) && !existsSync(`${REPO}docs/${f}`));
    expect(missing).toEqual([]);
  });
});

describe("docs/forking.md, step 6: a webhook event", () => {
  const guide = section(6);

  it("names files that exist, and shows a handler as it is in handlers", () => {
    const files = filesTable(guide, "webhook-event");
    expect(files).toEqual([
      "lib/payments/webhooks.ts",
      "lib/payments/disputes.ts",
      "tests/integration/disputes.test.ts",
      "docs/forking.md",
    ]);
    expectFilesExist(files);
    expect(read("lib/payments/webhooks.ts")).toContain(codeBlock(guide, "lib/payments/webhooks.ts"));
  });

  it("step 4's table of events to subscribe to lists exactly the events the store handles", () => {
    const listed = tableRows(section(4), "| event | why |").flatMap(([events]) => backticked(events ?? ""));
    expect(listed.sort()).toEqual(Object.keys(handlers).sort());
  });
});

describe("docs/forking.md, step 7: a permission", () => {
  const guide = section(7);
  const pages = sourceFiles("app/admin").flatMap(([, text]) =>
    [...text.matchAll(/adminPage\([`"]([^`"]+)[`"], "([\w.]+)"/g)].map((m) => ({
      path: (m[1] ?? "").replace(/\$\{\w+\}/g, "<id>"),
      permission: m[2] as keyof typeof PERMISSIONS,
    })),
  );

  it("names files that exist", () => {
    const files = filesTable(guide, "permission");
    expect(files).toEqual(["lib/auth/authorize.ts", "tests/integration/admin-access.test.ts", "README.md"]);
    expectFilesExist(files);
    expect(read("lib/auth/authorize.ts")).toContain("export const PERMISSIONS = {");
  });

  it("the README's admin table lists every admin page with the roles its permission allows", () => {
    expect(pages.length).toBeGreaterThan(5);
    const rows = tableRows(read("README.md"), "| page | who | what |");
    const who = (permission: keyof typeof PERMISSIONS) =>
      [...PERMISSIONS[permission]]
        .sort()
        .reverse()
        .map((role) => `${role.toLowerCase()}s`)
        .join(", ");
    for (const { path, permission } of pages) {
      const row = rows.find(([paths]) => backticked(paths ?? "").includes(path));
      expect(row, `README admin table row for ${path}`).toBeDefined();
      expect(row?.[1], path).toBe(who(permission));
    }
  });

  it("the access table in admin-access.test.ts has a REVIEWER row for every permission", () => {
    const test = read("tests/integration/admin-access.test.ts");
    for (const permission of Object.keys(PERMISSIONS))
      expect(test, permission).toContain(`[actor("REVIEWER"), "${permission}", `);
  });
});

describe("docs/forking.md, step 8: an email", () => {
  const guide = section(8);

  it("names files that exist and the names it tells you to change", () => {
    const files = filesTable(guide, "email");
    expect(files).toEqual(["lib/email/templates/order-copy.ts", "tests/integration/sweep.test.ts"]);
    expectFilesExist(files);
    const copy = read("lib/email/templates/order-copy.ts");
    for (const name of [
      "export type OrderEmailKind",
      "export const ORDER_EMAIL_KINDS",
      "export const ORDER_EMAIL_COPY: Record<\n  OrderEmailKind,",
    ])
      expect(copy).toContain(name);
    expect(read("lib/orders/emails.ts")).toContain("export async function sendOrderEmail");
    expect(read("tests/integration/sweep.test.ts")).toContain("db.outboxEmail");
  });

  it("step 1's table names every module that renders an email", () => {
    const renderers = sourceFiles("lib")
      .filter(([path, text]) => !path.startsWith("lib/email/") && /\brender(Order)?Email\(/.test(text))
      .map(([path]) => path);
    const row = tableRows(section(1), "| what | where |").find(([what]) => what === "email subjects and wording");
    expect(backticked(row?.[1] ?? "").sort()).toEqual(renderers.sort());
  });
});
