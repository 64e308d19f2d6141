// Writes one small SVG illustration per demo product into public/products/ (committed, so the
// store needs no image service). Run again after editing prisma/catalog.ts.
import { writeFileSync, mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { catalog } from "../prisma/catalog";

const palettes = [
  ["#1e3a5f", "#3b82f6"],
  ["#3f2d1d", "#d97706"],
  ["#14532d", "#22c55e"],
  ["#4c1d95", "#a855f7"],
  ["#7f1d1d", "#ef4444"],
  ["#134e4a", "#14b8a6"],
];

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

mkdirSync("public/products", { recursive: true });
for (const category of catalog) {
  for (const p of category.products) {
    const h = createHash("sha256").update(p.slug).digest();
    const [dark, light] = palettes[h[0]! % palettes.length]!;
    const shapes = Array.from({ length: 5 }, (_, i) => {
      const x = 60 + (h[i + 1]! % 280);
      const y = 60 + (h[i + 6]! % 200);
      const r = 20 + (h[i + 11]! % 60);
      return `<circle cx="${x}" cy="${y}" r="${r}" fill="#fff" fill-opacity="${(0.08 + (h[i + 16]! % 20) / 100).toFixed(2)}"/>`;
    }).join("");
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="${escape(p.name)}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${dark}"/><stop offset="1" stop-color="${light}"/></linearGradient></defs><rect width="400" height="400" fill="url(#g)"/>${shapes}<text x="200" y="350" text-anchor="middle" font-family="system-ui, sans-serif" font-size="24" font-weight="600" fill="#fff">${escape(p.name)}</text></svg>\n`;
    writeFileSync(`public/products/${p.slug}.svg`, svg);
  }
}
