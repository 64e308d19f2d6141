import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { REPO } from "./guide";

/** [path from the repository root, text] of every .ts/.tsx file under `dir` (generated code excluded). */
export function sourceFiles(dir: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(REPO, rel))) {
      const path = `${rel}/${name}`;
      if (name === "node_modules" || path === "lib/generated") continue;
      if (statSync(join(REPO, path)).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) out.push([path, readFileSync(join(REPO, path), "utf8")]);
    }
  };
  walk(dir);
  return out;
}
