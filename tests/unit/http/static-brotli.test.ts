import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BrotliAssets, acceptsBrotli, staticAssetFile } from "@/lib/http/static-brotli";

describe("staticAssetFile: only build assets inside the static folder", () => {
  const root = "/srv/store/.next/static";
  it("maps /_next/static/*.js and *.css into the folder", () => {
    expect(staticAssetFile(root, "/_next/static/chunks/0abc.js")).toBe("/srv/store/.next/static/chunks/0abc.js");
    expect(staticAssetFile(root, "/_next/static/chunks/2750j28p_0a6h.css")).toBe(
      "/srv/store/.next/static/chunks/2750j28p_0a6h.css",
    );
  });
  it("refuses traversal, encoded characters, queries and other types", () => {
    for (const url of [
      "/_next/static/../server/app.js",
      "/_next/static/chunks/../../BUILD_ID.js",
      "/_next/static/./chunks/a.js",
      "/_next/static//a.js",
      "/_next/static/..%2f..%2fpackage.js",
      "/_next/static/chunks/a.js?x=1",
      "/_next/static/media/font.woff2",
      "/_next/static/chunks/a.map",
      "/_next/static/BUILD_ID",
      "/_next/image?url=x",
      "/products/a.js",
      undefined,
    ]) {
      expect(staticAssetFile(root, url), String(url)).toBeNull();
    }
  });
});

describe("acceptsBrotli", () => {
  it("reads the Accept-Encoding list the way browsers send it", () => {
    expect(acceptsBrotli("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsBrotli("br;q=0.5")).toBe(true);
    expect(acceptsBrotli("gzip, br;q=0")).toBe(false);
    expect(acceptsBrotli("gzip, deflate")).toBe(false);
    expect(acceptsBrotli("brotli")).toBe(false);
    expect(acceptsBrotli(undefined)).toBe(false);
  });
});

describe("BrotliAssets", () => {
  const dir = mkdtempSync(join(tmpdir(), "brotli-"));
  const staticDir = join(dir, "static");
  mkdirSync(join(staticDir, "chunks"), { recursive: true });
  const source = Buffer.from("self.__chunk=" + JSON.stringify(Array.from({ length: 2000 }, (_, i) => `item ${i}`)));
  writeFileSync(join(staticDir, "chunks", "a.js"), source);
  writeFileSync(join(dir, "secret.js"), "outside");
  symlinkSync(join(dir, "secret.js"), join(staticDir, "chunks", "link.js"));

  it("compresses a file once and returns the same bytes after decompression", async () => {
    const assets = new BrotliAssets(staticDir);
    const file = staticAssetFile(staticDir, "/_next/static/chunks/a.js")!;
    const first = await assets.get(file);
    expect(first!.contentType).toBe("application/javascript; charset=UTF-8");
    expect(brotliDecompressSync(first!.body).equals(source)).toBe(true);
    expect(first!.body.length).toBeLessThan(source.length / 4);
    expect(await assets.get(file)).toBe(first);
  });

  it("answers null for a missing file or a symlink out of the folder", async () => {
    const assets = new BrotliAssets(staticDir);
    expect(await assets.get(staticAssetFile(staticDir, "/_next/static/chunks/missing.js")!)).toBeNull();
    expect(await assets.get(staticAssetFile(staticDir, "/_next/static/chunks/link.js")!)).toBeNull();
  });
});
