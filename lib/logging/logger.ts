// The store's one logger: `const log = logger.child({ component: "webhook" })` in a module, then
// `log.info({ orderId }, "captured")`. JSON lines on standard output in production (what a log
// collector reads), pretty single lines in development (pino-pretty, when it is installed), and
// the level from LOG_LEVEL: info by default, silent under tests (which record lines in memory
// instead: tests/support/logs.ts).
//
// Log ids and outcomes, never whole records, request bodies or errors' extra properties:
// ./create-logger.ts censors the usual secret and personal fields, but only a call site knows
// what it holds.
//
// The pretty stream runs in this thread (no pino transport: transports run in worker threads
// that cannot find their code once Next has bundled the server). pino and pino-pretty stay out
// of Next's bundles (serverExternalPackages in next.config.ts).
//
// This reads process.env itself rather than lib/env.ts's env(): server.ts and the Stripe emulator
// log before (or without) the app's configuration; env() still refuses a bad LOG_LEVEL at start.
import { createRequire } from "node:module";
import type { DestinationStream } from "pino";
import { createLogger, type Logger } from "./create-logger";

export { errorKind } from "./create-logger";
import { logLevelSchema, type LogLevel } from "./level";

export type { Logger };

function levelFromEnv(): LogLevel {
  const parsed = logLevelSchema.safeParse(process.env.LOG_LEVEL);
  if (parsed.success && parsed.data) return parsed.data;
  return process.env.NODE_ENV === "test" ? "silent" : "info";
}

/** pino-pretty (a devDependency) as an in-thread stream, or undefined where it is not installed. */
function prettyStream(): DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as (
      options: Record<string, unknown>,
    ) => DestinationStream;
    return pretty({
      sync: true,
      colorize: process.stdout.isTTY === true,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname,component",
      messageFormat: "{if component}[{component}] {end}{msg}",
    });
  } catch {
    return undefined;
  }
}

// One per process: server.ts and each of Next's bundles load their own copy of this module.
const ROOT = Symbol.for("secure-store.logger");
const holder = globalThis as { [ROOT]?: Logger };

export const logger: Logger = (holder[ROOT] ??= createLogger({
  level: levelFromEnv(),
  destination: process.env.NODE_ENV === "development" ? prettyStream() : undefined,
}));
