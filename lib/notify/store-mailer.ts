import "server-only";
import { after } from "next/server";
import { db } from "@/lib/db";
import { createMailer, type Mailer, type MailMessage } from "@/lib/email";
import type { Actor } from "@/lib/auth/authorize";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { mayReadOutbox } from "@/lib/notify/outbox-access";
import { errorKind, logger } from "@/lib/logging/logger";

const log = logger.child({ component: "mail" });

// The app's one mailer: SMTP when SMTP_URL is set, otherwise the OutboxEmail table (readable at
// /dev/outbox in development and demo mode) plus a log line naming the subject.
const globalForMailer = globalThis as unknown as { storeMailer?: Mailer };

export function mailer(): Mailer {
  globalForMailer.storeMailer ??= createMailer({
    smtpUrl: env().SMTP_URL,
    from: env().MAIL_FROM,
    outbox: {
      async write(message) {
        await db().outboxEmail.create({
          data: {
            to: message.to,
            subject: message.subject,
            text: message.text,
            html: message.html ?? null,
            createdAt: message.createdAt,
          },
        });
      },
    },
    logBodies: env().NODE_ENV === "development",
  });
  return globalForMailer.storeMailer;
}

/**
 * Sends after the response has gone out, so response times do not reveal whether an email was
 * sent (e.g. whether an account exists). A failure is logged, never shown to the user.
 */
export function sendAfterResponse(message: MailMessage): void {
  after(async () => {
    try {
      await mailer().send(message);
    } catch (error) {
      // Only the error's type and code: a mail error's message may quote the recipient.
      log.error({ err: errorKind(error), subject: message.subject }, "could not send an email");
    }
  });
}

/** Development outbox, newest first (the /dev/outbox page); NOT_FOUND for anyone who may not read it. */
export async function readOutbox(reader: { ip: string; actor: Actor | null }, limit = 50) {
  const config = env();
  if (!mayReadOutbox({ production: config.NODE_ENV === "production", demoMode: config.DEMO_MODE, ...reader }))
    throw notFound();
  return db().outboxEmail.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}
