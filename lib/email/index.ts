import "server-only";

export { MailerError } from "@/lib/email/errors";
export { createMailer } from "@/lib/email/transport";
export type { MailMessage, Mailer } from "@/lib/email/transport";
export { SAFETY_FOOTER, renderEmail } from "@/lib/email/render";
