import "server-only";

export { MailerError } from "@/lib/email/errors";
export type { MailerErrorCode } from "@/lib/email/errors";
export { createMailer } from "@/lib/email/transport";
export type {
  MailLogger,
  MailMessage,
  Mailer,
  MailerOptions,
  OutboxMessage,
  OutboxWriter,
} from "@/lib/email/transport";
export {
  SAFETY_FOOTER,
  escapeHtml,
  renderEmail,
  withFooter,
} from "@/lib/email/render";
export type { EmailContent, RenderedEmail } from "@/lib/email/render";
