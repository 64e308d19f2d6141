import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Reading docs/forking.md the way a developer follows it: a section, the table of files a step
// changes (marked `<!-- files: name -->`), and the code blocks that name their file
// (```ts path/to/file.ts).

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const read = (file: string) => readFileSync(`${REPO}${file}`, "utf8");

/** The text of section `## <number>.` up to the next `## `. */
export function section(number: number): string {
  const guide = read("docs/forking.md");
  const start = guide.indexOf(`\n## ${number}. `);
  if (start < 0) throw new Error(`docs/forking.md has no section ${number}`);
  const end = guide.indexOf("\n## ", start + 1);
  return guide.slice(start, end < 0 ? undefined : end);
}

/** The paths in the first column of the table after `<!-- files: name -->`. */
export function filesTable(text: string, name: string): string[] {
  const start = text.indexOf(`<!-- files: ${name} -->`);
  if (start < 0) throw new Error(`no files table "${name}"`);
  const rows = text.slice(start).split("\n").slice(1);
  const table = rows.slice(
    0,
    rows.findIndex((line, i) => i > 0 && !line.startsWith("|")),
  );
  return table.slice(2).flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ""));
}

/** The body of the code block whose info string names `file` (```ts lib/x.ts), without the fence's indent. */
export function codeBlock(text: string, file: string): string {
  const escaped = file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const match = new RegExp(`^( *)\`\`\`\\w+ ${escaped}\n([\\s\\S]*?)^\\1\`\`\``, "m").exec(text);
  if (!match?.[2]) throw new Error(`no code block for ${file}`);
  const indent = match[1]?.length ?? 0;
  return match[2]
    .split("\n")
    .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
    .join("\n");
}

type DiffLine = { op: " " | "+"; text: string };

/** A ```diff block as hunks ("…" separates them); context lines start with " ", added with "+". */
export function parseDiff(block: string): DiffLine[][] {
  const hunks: DiffLine[][] = [[]];
  for (const line of block.replace(/\n$/, "").split("\n")) {
    if (line === "…") hunks.push([]);
    else if (line.startsWith(" ") || line.startsWith("+"))
      hunks.at(-1)?.push({ op: line[0] as " " | "+", text: line.slice(1) });
    else throw new Error(`unexpected diff line: ${line}`);
  }
  return hunks;
}

/** Applies the hunks in order; each hunk's context must appear, contiguous, after the last one. */
export function applyDiff(text: string, hunks: DiffLine[][]): string {
  const lines = text.split("\n");
  let cursor = 0;
  for (const hunk of hunks) {
    const context = hunk.filter((l) => l.op === " ").map((l) => l.text);
    let at = cursor;
    while (at <= lines.length - context.length && context.some((c, i) => lines[at + i] !== c)) at += 1;
    if (at > lines.length - context.length) throw new Error(`context not found: ${context.join(" / ")}`);
    const replaced: string[] = [];
    let next = at;
    for (const line of hunk) replaced.push(line.op === "+" ? line.text : (lines[next++] ?? ""));
    lines.splice(at, context.length, ...replaced);
    cursor = at + replaced.length;
  }
  return lines.join("\n");
}
