import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { currentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { requestContext } from "@/lib/http/request-context";
import { readOutbox } from "@/lib/notify/store-mailer";
import { LocalDate } from "@/components/layout/local-date";

export const metadata: Metadata = { title: "Development outbox", robots: { index: false } };

// Development and DEMO_MODE only: the emails the store would have sent (no SMTP_URL). These
// messages carry reset links, so the outbox answers only to a client on this machine or a
// signed-in admin (lib/notify/outbox-access.ts); anyone else gets a 404.
export default async function OutboxPage() {
  const [actor, ctx] = await Promise.all([currentUser(), requestContext()]);
  const messages = await readOutbox({ ip: ctx.ip, actor }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Development outbox</h1>
      <p>
        {env().SMTP_URL
          ? "SMTP_URL is set, so emails go out by SMTP and do not land here."
          : "Emails are stored here because SMTP_URL is not set. Newest first."}
      </p>
      {messages.length === 0 ? <p>No emails yet.</p> : null}
      <ul className="flex flex-col gap-4">
        {messages.map((m) => (
          <li key={m.id} className="rounded border border-gray-300 p-4" data-testid="outbox-message">
            <p className="font-semibold">{m.subject}</p>
            <p className="text-sm text-gray-800">
              To {m.to} · <LocalDate value={m.createdAt} style="precise" />
            </p>
            {/* Text body only, rendered as text: never the HTML. */}
            <pre className="mt-2 font-mono text-sm break-all whitespace-pre-wrap">{m.text}</pre>
          </li>
        ))}
      </ul>
    </div>
  );
}
