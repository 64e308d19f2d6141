// How the store's log lines are made: pino, one JSON object per line, every line of a request
// carrying its id (./request-scope.ts), and the fields that may hold secrets or personal data
// censored wherever they appear. lib/logging/logger.ts builds the process's one logger with it;
// tests build the same logger over an in-memory destination.
import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./level";
import { currentRequestId } from "./request-scope";

export type { Logger };

/** What replaces a censored value. */
export const REDACTED = "[redacted]";

// Secrets: credentials, one-time codes, signatures, session material.
const SECRET_KEYS = [
  "password",
  "newPassword",
  "currentPassword",
  "token",
  "accessToken",
  "refreshToken",
  "secret",
  "apiKey",
  "authorization",
  "cookie",
  "set-cookie",
  "stripe-signature",
  "signature",
  "totp",
  "otp",
  "recoveryCode",
];
// Personal data: who someone is and where they live, and anything about a card.
const PERSONAL_KEYS = [
  "email",
  "phone",
  "address",
  "line1",
  "line2",
  "postalCode",
  "ip",
  "cardholderName",
  "billingName",
  "billing_details",
  "shipping",
  "card",
  "cardNumber",
  "number",
  "cvc",
  "cvv",
];

const pathTo = (key: string, prefix = ""): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${prefix ? "." : ""}${key}` : `${prefix}["${key}"]`;

/**
 * The censored paths: each key at the top of a line's object and one or two levels down
 * (`req.headers.cookie`, `user.email`). A safety net, not a licence: call sites log ids and
 * outcomes, never whole records or request bodies.
 */
const REDACTED_PATHS = [...SECRET_KEYS, ...PERSONAL_KEYS].flatMap((key) => [
  pathTo(key),
  pathTo(key, "*"),
  pathTo(key, "*.*"),
]);

/**
 * An error as a log line holds it: its type, code, message and stack. pino's own serializer
 * also copies every enumerable property, and errors carry what they were given: a mail error its
 * rejected recipients, a database error the values of a failed query.
 */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error))
    return error !== null && typeof error === "object" && "type" in error ? { ...error } : { type: typeof error };
  return { ...errorKind(error), message: error.message, stack: error.stack };
}

/**
 * Only an error's type and code, for errors whose message may quote personal data: a mail
 * server's refusal names the recipient.
 */
export function errorKind(error: unknown): { type: string; code?: string | number } {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, ...(typeof code === "string" || typeof code === "number" ? { code } : {}) };
}

export type LoggerOptions = {
  level: LogLevel;
  /** Where lines go; standard output when omitted. */
  destination?: DestinationStream;
};

export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      serializers: { err: serializeError, error: serializeError },
      // Read at each line, so work a request started carries its id even after it moved on.
      mixin() {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
