// First-load JavaScript of a page: the gzip size of every script chunk its HTML references
// (what a first visit downloads before the page is interactive), plus a layout-shift check that
// every <img> declares its width and height.
import { gzipSync } from "node:zlib";

export type PageWeight = { scripts: number; jsGzipBytes: number; jsRawBytes: number; images: number; imagesWithoutSize: string[] };

export async function pageWeight(base: string, path: string): Promise<PageWeight> {
  const html = await (await fetch(base + path)).text();
  const srcs = [...new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js[^"]*)"/g)].map((m) => m[1]!))];
  let gz = 0;
  let raw = 0;
  for (const src of srcs) {
    const body = Buffer.from(await (await fetch(new URL(src.replace(/&amp;/g, "&"), base))).arrayBuffer());
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
  }
  const imgs = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
  const imagesWithoutSize = imgs.filter((tag) => !/\swidth="\d+"/.test(tag) || !/\sheight="\d+"/.test(tag));
  return { scripts: srcs.length, jsGzipBytes: gz, jsRawBytes: raw, images: imgs.length, imagesWithoutSize };
}
