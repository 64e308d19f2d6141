// Small figures helpers shared by the benchmark's steps (no store imports: the attack suite's
// bot, bench/lib/card-testing.ts, runs outside the server).

/** The value at percentile `p` of an ascending list (0 for an empty one). */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
/** `n` rounded to `d` decimals. */
export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
