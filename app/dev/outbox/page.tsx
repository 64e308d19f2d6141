import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/lib/env";
import { readOutbox } from "@/lib/notify/mailer";

export const metadata: Metadata = { title: "Development outbox", robots: { index: false } };

// Development only: the emails the store would have sent (no SMTP_URL). A 404 in production
// unless DEMO_MODE, because these messages carry reset links.
export default async function OutboxPage() {
  const config = env();
  if (config.NODE_ENV === "production" && !config.DEMO_MODE) notFound();
  const messages = await readOutbox();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Development outbox</h1>
      <p>{config.SMTP_URL ? "SMTP_URL is set, so emails go out by SMTP and do not land here." : "Emails are stored here because SMTP_URL is not set. Newest first."}</p>
      {messages.length === 0 ? <p>No emails yet.</p> : null}
      <ul className="flex flex-col gap-4">
        {messages.map((m) => (
          <li key={m.id} className="rounded border border-gray-300 p-4" data-testid="outbox-message">
            <p className="font-semibold">{m.subject}</p>
            <p className="text-sm text-gray-800">
              To {m.to} · {m.createdAt.toISOString()}
            </p>
            {/* Text body only, rendered as text: never the HTML. */}
            <pre className="mt-2 whitespace-pre-wrap break-all font-mono text-sm">{m.text}</pre>
          </li>
        ))}
      </ul>
    </div>
  );
}
