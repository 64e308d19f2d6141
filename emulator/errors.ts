// Errors in Stripe's wire format: {error:{type, code?, decline_code?, message, param?}} with
// the HTTP status Stripe uses for each type, so the SDK throws the matching Stripe*Error class.

type ErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export interface ErrorBody {
  type: ErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** Stripe saves no idempotent result when a request fails validation before it executes. */
    readonly saveIdempotent = true,
  ) {
    super(body.message);
  }

  toJSON(): { error: ErrorBody } {
    return { error: this.body };
  }
}

const docUrl = (code: string) => `https://docs.stripe.com/error-codes/${code.replaceAll("_", "-")}`;

export function invalidRequest(
  message: string,
  extra: { code?: string; param?: string; status?: number } = {},
): ApiError {
  const body: ErrorBody = { type: "invalid_request_error", message };
  if (extra.code) {
    body.code = extra.code;
    body.doc_url = docUrl(extra.code);
  }
  if (extra.param) body.param = extra.param;
  return new ApiError(extra.status ?? 400, body);
}

/** A malformed or unknown parameter: rejected before anything runs, so never saved for idempotency. */
export function paramError(code: string, message: string, param: string): ApiError {
  return new ApiError(
    400,
    {
      type: "invalid_request_error",
      code,
      doc_url: docUrl(code),
      message,
      param,
    },
    false,
  );
}

export const missingParam = (param: string) =>
  paramError("parameter_missing", `Missing required param: ${param}.`, param);
export const unknownParam = (param: string) =>
  paramError(
    "parameter_unknown",
    `Received unknown parameter: ${param}. Did you mean to pass it in a different place?`,
    param,
  );

/** Stripe's 404 for an id that does not exist, e.g. "No such payment_intent: 'pi_123'". */
export function resourceMissing(objectName: string, id: string, param = "id"): ApiError {
  return invalidRequest(`No such ${objectName}: '${id}'`, {
    code: "resource_missing",
    param,
    status: 404,
  });
}

export function unrecognizedUrl(method: string, path: string): ApiError {
  return new ApiError(
    404,
    {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    },
    false,
  );
}

/** 401 with Stripe's shape; the key is masked the way Stripe masks it. */
export function authenticationError(providedKey: string | undefined): ApiError {
  const message =
    providedKey === undefined
      ? "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
      : `Invalid API Key provided: ${maskKey(providedKey)}`;
  return new ApiError(401, { type: "invalid_request_error", message }, false);
}

function maskKey(key: string): string {
  const match = /^([a-z]{2,3}_(?:test|live)_)/.exec(key);
  const prefix = match?.[1] ?? "";
  const tail = key.length > prefix.length + 4 ? key.slice(-4) : "";
  return `${prefix}${"*".repeat(Math.max(4, Math.min(24, key.length - prefix.length - 4)))}${tail}`;
}

export function idempotencyMismatch(key: string): ApiError {
  return new ApiError(
    400,
    {
      type: "idempotency_error",
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    },
    false,
  );
}

export function internalError(): ApiError {
  return new ApiError(
    500,
    {
      type: "api_error",
      message: "An unexpected error occurred in the Stripe emulator.",
    },
    false,
  );
}

/** Runs parameter validation: its errors are not saved as idempotent results, as on Stripe. */
export function validating<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof ApiError ? new ApiError(error.status, error.body, false) : error;
  }
}
