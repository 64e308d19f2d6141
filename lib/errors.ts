// One error type for everything a user may be told, and one mapper for everything else.
// Domain code throws AppError with a code; routes map codes to HTTP statuses. Any other error
// is logged in full on the server and reaches the user only as a generic message.
import { logger } from "@/lib/logging/logger";

export type ErrorCode =
  "VALIDATION" | "NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED" | "CONFLICT" | "RATE_LIMITED" | "PAYMENT";

/** A finer code for a failure a caller reacts to (the code alone maps to the HTTP status). */
export type ErrorReason = "SIGN_IN_EXPIRED";

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYMENT: 402,
};

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
    options: { reason?: ErrorReason } = {},
  ) {
    super(message);
    this.reason = options.reason;
  }
  readonly reason: ErrorReason | undefined;
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what = "That page") => new AppError("NOT_FOUND", `${what} could not be found.`);

export type PublicError = {
  status: number;
  code: ErrorCode | "INTERNAL";
  reason?: ErrorReason;
  message: string;
  fields: Record<string, string>;
};

const log = logger.child({ component: "errors" });

export function toPublicError(
  error: unknown,
  report: (e: unknown) => void = (e) => log.error({ err: e }, "unexpected error"),
): PublicError {
  if (error instanceof AppError)
    return {
      status: error.status,
      code: error.code,
      ...(error.reason ? { reason: error.reason } : {}),
      message: error.message,
      fields: error.fields,
    };
  report(error);
  return { status: 500, code: "INTERNAL", message: "Something went wrong on our side. Please try again.", fields: {} };
}
