// Links in emails are only ever absolute http(s): an escaped "javascript:" URL is still a working
// XSS link. No "server-only" here (nor in ./errors.ts): the order templates use it, and
// scripts/docs-emails.tsx renders those outside the server.
import { MailerError } from "@/lib/email/errors";

export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MailerError("unsafe-link", "email action URL is not an absolute URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new MailerError("unsafe-link", `email action URL must be http(s), got ${parsed.protocol}`);
  }
  return parsed.href;
}
