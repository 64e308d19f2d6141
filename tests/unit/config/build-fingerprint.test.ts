import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildIsCurrent, recordBuild, sourceFingerprint } from "@/scripts/build-fingerprint";

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "fingerprint-"));
  write("app/page.tsx", "export default 1;");
  write("lib/a.ts", "export const a = 1;");
  write("package-lock.json", "{}");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("npm start rebuilds only when the sources changed", () => {
  it("a fresh folder, or a build without its fingerprint, is not current", () => {
    expect(buildIsCurrent(".next", root)).toBe(false);
    write(".next/BUILD_ID", "x");
    expect(buildIsCurrent(".next", root)).toBe(false);
  });

  it("a recorded build is current until a source file changes, is added or removed", () => {
    write(".next/BUILD_ID", "x");
    recordBuild(".next", root);
    expect(buildIsCurrent(".next", root)).toBe(true);
    write("lib/a.ts", "export const a = 2;");
    expect(buildIsCurrent(".next", root)).toBe(false);
    recordBuild(".next", root);
    write("components/new.tsx", "export {};");
    expect(buildIsCurrent(".next", root)).toBe(false);
    recordBuild(".next", root);
    rmSync(join(root, "components/new.tsx"));
    expect(buildIsCurrent(".next", root)).toBe(false);
  });

  it("ignores what the build does not read: tests, the generated Prisma clients, the build itself", () => {
    const before = sourceFingerprint(root);
    write("tests/unit/x.test.ts", "1");
    write("lib/generated/sqlite/client.ts", "1");
    write(".next/cache/x", "1");
    expect(sourceFingerprint(root)).toBe(before);
    write("prisma/schema.prisma", "model A {}");
    expect(sourceFingerprint(root)).not.toBe(before);
  });
});
