// Brotli for Next's build assets (/_next/static/*.js|.css), used by server.ts. Next compresses
// with gzip only; browsers accept Brotli, which makes the same JavaScript about 15 % smaller.
// The files are immutable (their names are content hashes), so each is compressed once, at
// quality 11, and kept in memory. Anything this module does not serve falls through to Next.
import { readFile, realpath } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { brotliCompress, constants } from "node:zlib";

const TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=UTF-8",
  ".css": "text/css; charset=UTF-8",
};
const ASSET_URL = /^\/_next\/static\/([A-Za-z0-9._~\-/]{1,200})$/;

export type BrotliAsset = { body: Buffer; contentType: string };

/** The file a /_next/static URL names inside `staticDir`, or null (other URL, type or folder). */
export function staticAssetFile(staticDir: string, url: string | undefined): string | null {
  const match = url ? ASSET_URL.exec(url) : null;
  if (!match || match[1]!.split("/").some((part) => part === "" || part === "." || part === "..")) return null;
  if (!TYPES[extname(match[1]!)]) return null;
  const root = resolve(staticDir);
  const file = resolve(root, match[1]!);
  return file.startsWith(root + sep) ? file : null;
}

export function acceptsBrotli(acceptEncoding: string | string[] | undefined): boolean {
  return String(acceptEncoding ?? "")
    .split(",")
    .some((part) => {
      const [coding, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return coding?.trim().toLowerCase() === "br" && (q === undefined || Number(q) > 0);
    });
}

export class BrotliAssets {
  private readonly compressed = new Map<string, Promise<BrotliAsset | null>>();

  constructor(private readonly staticDir: string) {}

  /** The compressed asset, or null when there is no such file (Next answers those). */
  get(file: string): Promise<BrotliAsset | null> {
    let asset = this.compressed.get(file);
    if (!asset) {
      asset = this.load(file);
      this.compressed.set(file, asset);
      // A missing file is not remembered: a later build may add it.
      void asset.then((a) => {
        if (!a) this.compressed.delete(file);
      });
    }
    return asset;
  }

  private async load(file: string): Promise<BrotliAsset | null> {
    let source: Buffer;
    try {
      // A symlink must not lead out of the build folder.
      const real = await realpath(file);
      if (!real.startsWith((await realpath(this.staticDir)) + sep)) return null;
      source = await readFile(real);
    } catch {
      return null;
    }
    const body = await new Promise<Buffer>((done, fail) =>
      brotliCompress(
        source,
        { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } },
        (error, out) => (error ? fail(error) : done(out)),
      ),
    );
    return { body, contentType: TYPES[extname(file)]! };
  }
}
