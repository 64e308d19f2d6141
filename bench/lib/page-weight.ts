// First-load JavaScript of a page: what a current browser downloads before the page is
// interactive, i.e. every <script src> its HTML references except `nomodule` ones (legacy
// polyfills that browsers with ES modules never fetch), counted as the compressed bytes the
// server sends when asked the way Chrome asks (Accept-Encoding: gzip, deflate, br, zstd). The
// gzip -9 size of the same files is reported beside it. Plus a layout-shift check that every
// <img> declares its width and height.
import { request } from "node:http";
import { gzipSync } from "node:zlib";

export type PageWeight = {
  scripts: number;
  /** Compressed bytes on the wire, as the server encoded them for a browser. */
  jsTransferBytes: number;
  encodings: string[];
  jsGzipBytes: number;
  jsRawBytes: number;
  skippedNoModule: number;
  images: number;
  imagesWithoutSize: string[];
};

const BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd";

/** The body exactly as sent (no decompression), with its Content-Encoding. */
function fetchRaw(url: URL, headers: Record<string, string>): Promise<{ body: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        res.statusCode === 200
          ? resolve({ body: Buffer.concat(chunks), encoding: String(res.headers["content-encoding"] ?? "identity") })
          : reject(new Error(`GET ${url.pathname} answered ${res.statusCode}`)),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export async function pageWeight(base: string, path: string): Promise<PageWeight> {
  const html = await (await fetch(base + path)).text();
  const tags = [...html.matchAll(/<script\b[^>]*\ssrc="([^"]+\.js[^"]*)"[^>]*>/g)];
  const modern = tags.filter((m) => !/\snomodule\b/i.test(m[0]));
  const srcs = [...new Set(modern.map((m) => m[1]!))];
  let transfer = 0;
  let gz = 0;
  let raw = 0;
  const encodings = new Set<string>();
  for (const src of srcs) {
    const url = new URL(src.replace(/&amp;/g, "&"), base);
    const sent = await fetchRaw(url, { "Accept-Encoding": BROWSER_ACCEPT_ENCODING });
    transfer += sent.body.length;
    encodings.add(sent.encoding);
    const plain = (await fetchRaw(url, { "Accept-Encoding": "identity" })).body;
    raw += plain.length;
    gz += gzipSync(plain, { level: 9 }).length;
  }
  const imgs = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
  const imagesWithoutSize = imgs.filter((tag) => !/\swidth="\d+"/.test(tag) || !/\sheight="\d+"/.test(tag));
  return {
    scripts: srcs.length,
    jsTransferBytes: transfer,
    encodings: [...encodings],
    jsGzipBytes: gz,
    jsRawBytes: raw,
    skippedNoModule: tags.length - modern.length,
    images: imgs.length,
    imagesWithoutSize,
  };
}
