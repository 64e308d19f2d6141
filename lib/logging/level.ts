// LOG_LEVEL: the least severe level the store writes. Its own small file so lib/env.ts can
// validate it at start without loading the logger.
import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const logLevelSchema = z
  .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` })
  .optional()
  .or(z.literal("").transform(() => undefined));
