// The search load: a different query on every request, built from the generated catalog's
// words (bench/lib/seed.ts), with filters, sorting, later pages and now and then a typo, so no
// two consecutive requests are the same and nothing can be served from a cache.
import { ADJECTIVES, MATERIALS, NOUNS } from "./seed";
import { load, type LoadResult } from "./load";

const SORTS = ["", "&sort=price-asc", "&sort=price-desc", "&sort=newest"];

export function searchPath(i: number): string {
  const adjective = ADJECTIVES[i % ADJECTIVES.length]!;
  const second = (i % 3 === 0 ? MATERIALS : NOUNS)[Math.floor(i / 16) % 12]!;
  // Every 10th query has a typo in its second word (a swapped pair of letters): corrected.
  const word =
    i % 10 === 7 ? `${second.slice(0, 1)}${second.slice(2, 3)}${second.slice(1, 2)}${second.slice(3)}` : second;
  const filters = [
    SORTS[i % SORTS.length],
    i % 4 === 1 ? "&stock=1" : "",
    i % 6 === 2 ? "&min=20&max=150" : "",
    i % 5 === 0 ? "&page=2" : "",
  ].join("");
  return `/search?q=${adjective}+${word}${filters}`;
}

export function searchLoad(base: string, seconds: number, cpuPid?: number): Promise<LoadResult> {
  return load({ url: `${base}/search?q=oak`, seconds, cpuPid, setup: (i) => ({ path: searchPath(i) }) });
}
