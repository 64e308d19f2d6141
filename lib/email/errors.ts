// A plain error class, shared with the pure email templates (./links.ts): no "server-only".
export type MailerErrorCode =
  | "header-injection" // CR/LF (or another line break) in a header value
  | "invalid-recipient" // `to` is not a single valid email address
  | "invalid-message" // empty/oversized subject or body
  | "unsafe-link" // an action URL that is not absolute http(s)
  | "misconfigured"; // bad `from`, or neither SMTP nor an outbox configured

/** Typed error for refused messages; messages never include the body (it may carry tokens). */
export class MailerError extends Error {
  override readonly name = "MailerError";
  constructor(
    readonly code: MailerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
