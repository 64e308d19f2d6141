import "server-only";

import nodemailer from "nodemailer";
import { z } from "zod";

import { MailerError } from "@/lib/email/errors";
import { withFooter } from "@/lib/email/render";
import { logger as storeLogger } from "@/lib/logging/logger";

// Outgoing mail. With an SMTP URL messages go out through nodemailer; without one (development,
// tests, demo) they are written to an outbox (the app backs it with a database table so the
// messages can be read in a dev inbox page) and announced in the log by subject only (the
// recipient is personal data; the inbox page shows it): bodies carry sign-in and reset tokens,
// so they are printed only when the caller explicitly passes logBodies (development).
//
// Every message is checked before anything is sent or stored:
//   - no line breaks or other control characters in `to` / `subject`: nodemailer encodes
//     headers, but refusing outright means a "name\r\nBcc: ..." from a form never gets near a
//     header, whichever transport is in use;
//   - `to` is exactly one email address (zod), so a comma list cannot fan a message out;
//   - the safety footer is appended to the text and HTML bodies (render.ts).

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
};
export type OutboxMessage = MailMessage & { createdAt: Date };

interface OutboxWriter {
  write(message: OutboxMessage): Promise<void>;
}

interface MailLogger {
  info(line: string): void;
}

export type MailerOptions = {
  /** smtp:// or smtps:// URL (nodemailer syntax); omit to use the outbox. */
  smtpUrl?: string;
  /** "Store <no-reply@example.com>" or a bare address. */
  from: string;
  /** Required when smtpUrl is absent. */
  outbox?: OutboxWriter;
  logger?: MailLogger;
  /** Also print outbox message bodies (development only: they contain tokens). */
  logBodies?: boolean;
  /** Clock for createdAt; tests pin it. */
  now?: () => Date;
};

export interface Mailer {
  readonly transport: "smtp" | "outbox";
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

// C0/C1 controls, DEL and the Unicode line/paragraph separators: anything a mail header,
// a log line or a lenient parser might treat as a line break.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const MAX_BODY_CHARS = 1_000_000;

const messageSchema = z.object({
  to: z.email().max(254),
  subject: z.string().trim().min(1).max(250),
  text: z.string().min(1).max(MAX_BODY_CHARS),
  html: z.string().min(1).max(MAX_BODY_CHARS).optional(),
});

// `from` is configuration (MAIL_FROM), e.g. "Secure Store <no-reply@localhost>", so it allows a
// display name and a dotless domain, but not line breaks or several addresses.
const FROM_RE = /^(?:[^<>@,;"]*<[^\s<>@,;]+@[^\s<>@,;]+>|[^\s<>@,;]+@[^\s<>@,;]+)$/;

function checkMessage(message: MailMessage): MailMessage {
  for (const field of ["to", "subject"] as const) {
    if (typeof message[field] === "string" && CONTROL_RE.test(message[field])) {
      throw new MailerError("header-injection", `line breaks and control characters are not allowed in "${field}"`);
    }
  }
  const parsed = messageSchema.safeParse(message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "message");
    throw new MailerError(field === "to" ? "invalid-recipient" : "invalid-message", `invalid "${field}" in email`);
  }
  return parsed.data;
}

export function createMailer(options: MailerOptions): Mailer {
  const {
    smtpUrl,
    from,
    outbox,
    logger = storeLogger.child({ component: "mail" }),
    logBodies = false,
    now = () => new Date(),
  } = options;
  if (CONTROL_RE.test(from) || !FROM_RE.test(from.trim())) {
    throw new MailerError("misconfigured", "mail sender (from) must be an address or 'Name <address>'");
  }

  if (smtpUrl) {
    const transporter = nodemailer.createTransport(smtpUrl);
    return {
      transport: "smtp",
      async send(message) {
        const { to, subject, text, html } = withFooter(checkMessage(message));
        await transporter.sendMail({
          from: from.trim(),
          to,
          subject,
          text,
          ...(html === undefined ? {} : { html }),
          // Message content never names local files or URLs to fetch; refuse if it ever does.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      },
      async close() {
        transporter.close();
      },
    };
  }

  if (!outbox) {
    throw new MailerError("misconfigured", "an outbox is required when no SMTP URL is configured");
  }
  return {
    transport: "outbox",
    async send(message) {
      const checked = withFooter(checkMessage(message));
      await outbox.write({ ...checked, createdAt: now() });
      // JSON.stringify keeps any odd characters on one quoted line.
      logger.info(`outbox: subject=${JSON.stringify(checked.subject)}`);
      if (logBodies) {
        logger.info(`body (development only):\n${checked.text}`);
      }
    },
    async close() {},
  };
}
