// Lighthouse 12.2.3 through its CLI (default config = the mobile preset: Moto G Power screen,
// simulated slow 4G and 4x CPU slowdown) on Debian's Chromium with the flags that keep it off
// the network. One process per page, each bounded in time.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { startProcess } from "./processes";

const CHROME_FLAGS =
  "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync";

export type LighthouseScores = {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcpMs: number;
  cls: number;
  tbtMs: number;
  failing: string[];
};

type Lhr = {
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<string, { score: number | null; numericValue?: number; scoreDisplayMode: string; title: string }>;
};

export async function runLighthouse(url: string, outDir: string, timeoutMs = 120_000): Promise<LighthouseScores> {
  mkdirSync(outDir, { recursive: true });
  const out = `${outDir}/${url.replace(/[^a-z0-9]+/gi, "_")}.json`;
  rmSync(out, { force: true });
  const proc = startProcess(
    `lighthouse ${url}`,
    [
      "node_modules/lighthouse/cli/index.js",
      url,
      "--output=json",
      `--output-path=${out}`,
      "--quiet",
      `--chrome-flags=${CHROME_FLAGS}`,
      "--only-categories=performance,accessibility,best-practices,seo",
      "--max-wait-for-load=45000",
    ],
    { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
    `${outDir}/lighthouse.log`,
  );
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => void proc.stop("SIGKILL").then(() => resolve(null)), timeoutMs);
    proc.child.once("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  await proc.stop();
  if (code !== 0) throw new Error(`lighthouse ${url} ${code === null ? "timed out" : `exited with ${code}`}`);
  const lhr = JSON.parse(readFileSync(out, "utf8")) as Lhr;
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const failing = Object.entries(lhr.categories).flatMap(([cat, c]) =>
    c.auditRefs
      .filter((r) => r.weight > 0)
      .map((r) => ({ id: r.id, audit: lhr.audits[r.id] }))
      .filter(
        (r) =>
          r.audit &&
          r.audit.scoreDisplayMode !== "notApplicable" &&
          r.audit.scoreDisplayMode !== "informative" &&
          r.audit.score !== null &&
          r.audit.score < 0.9,
      )
      .map((r) => `${cat}:${r.id}`),
  );
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    seo: score("seo"),
    lcpMs: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? 0),
    cls: Math.round((lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0) * 1000) / 1000,
    tbtMs: Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? 0),
    failing,
  };
}
