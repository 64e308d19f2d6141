import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { REPO } from "./guide";

// docs/architecture.md stays true to the tree: every file or folder it names in `code` (a path
// from the repository root, or a file at the root such as `server.ts`) and every relative link
// exists. A rename or a deleted module that the page still names fails here. Placeholders
// (`lib/<domain>/`, `/api/orders/<id>/status`) and URL paths are not file names.

const DOC = "docs/architecture.md";
const TOP = /^(app|bench|components|docs|emulator|lib|prisma|public|scripts|tests)(\/|$)/;
const ROOT_FILE = /^[\w.-]+\.(ts|tsx|mjs|json|jsonc|md|prisma)$/;

/** The paths the page names: `code` spans that look like repository paths, and relative links. */
function namedPaths(markdown: string): string[] {
  const paths = new Set<string>();
  for (const [, span] of markdown.matchAll(/`([^`\n]+)`/g)) {
    for (const word of span!.split(/[\s,]+/)) {
      const token = word.replace(/^[(]+|[),;:.]+$/g, "");
      if (/[<>…*]/.test(token)) continue;
      if (TOP.test(token) || ROOT_FILE.test(token)) paths.add(token);
    }
  }
  for (const [, target] of markdown.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
    if (!/^[a-z]+:/.test(target!)) paths.add(join("docs", target!));
  }
  return [...paths].sort();
}

describe(DOC, () => {
  it("names only files and folders that exist", () => {
    const paths = namedPaths(readFileSync(join(REPO, DOC), "utf8"));
    // The page names dozens of modules; far fewer means the extraction above stopped working.
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((path) => !existsSync(join(REPO, path)))).toEqual([]);
  });

  it("reads paths out of code spans and links, and skips placeholders", () => {
    const sample =
      "See `lib/orders/gone.ts` and `server.ts`, (`lib/<domain>/`, `GET /api/x`), [y](y.md), [z](https://z).";
    expect(namedPaths(sample)).toEqual(["docs/y.md", "lib/orders/gone.ts", "server.ts"]);
  });
});
