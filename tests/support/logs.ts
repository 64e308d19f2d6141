// Vitest setup (vitest.config.ts): the store's logger, built exactly as lib/logging/logger.ts
// builds it (lib/logging/create-logger.ts: same redaction, same request id), but writing to
// memory, so tests print nothing and can read what was logged. It is installed before any test
// imports lib/logging/logger.ts, which adopts a logger already in place.
// `LOG_LEVEL=debug npx vitest …` also prints the lines at that level and above.
import pino from "pino";
import { beforeEach } from "vitest";
import { createLogger, type Logger } from "@/lib/logging/create-logger";
import { logLevelSchema } from "@/lib/logging/level";

/** One line as written, parsed. */
export type LogLine = Record<string, unknown> & { level: number; msg?: string; requestId?: string; component?: string };

const MAX_LINES = 5_000;
const lines: string[] = [];
const echo = logLevelSchema.safeParse(process.env.LOG_LEVEL).data;
const echoFrom = echo ? (pino.levels.values[echo] ?? Infinity) : Infinity;

const ROOT = Symbol.for("secure-store.logger");
(globalThis as { [ROOT]?: Logger })[ROOT] = createLogger({
  level: "trace",
  destination: {
    write(line: string) {
      if (lines.length < MAX_LINES) lines.push(line);
      if ((JSON.parse(line) as LogLine).level >= echoFrom) process.stdout.write(line);
    },
  },
});

beforeEach(() => {
  lines.length = 0;
});

/** The lines logged since this test began, every level. */
export function loggedLines(): LogLine[] {
  return lines.map((line) => JSON.parse(line) as LogLine);
}
