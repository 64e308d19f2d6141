import { expect } from "@playwright/test";

// The e2e server's SMTP sink (scripts/e2e-server.ts) lists every message it received at
// GET http://127.0.0.1:<E2E_PORT + 26>/messages. Messages arrive after the HTTP response (they
// are sent in next/server `after`), so readers poll.
const port = Number(process.env.E2E_PORT ?? 3100);
const MAILBOX_URL = `http://127.0.0.1:${port + 26}/messages`;

type Received = { to: string[]; from: string; raw: string; receivedAt: string };

async function fetchMessages(): Promise<Received[]> {
  const response = await fetch(MAILBOX_URL);
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
  return (await response.json()) as Received[];
}

// Undoes quoted-printable soft line breaks and =XX escapes (nodemailer's encoding for long lines).
function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function subjectOf(raw: string): string {
  return /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? "";
}

export async function messagesTo(to: string, subject?: RegExp): Promise<string[]> {
  return (await fetchMessages())
    .filter((m) => m.to.includes(to.toLowerCase()) && (!subject || subject.test(subjectOf(m.raw))))
    .map((m) => decodeQuotedPrintable(m.raw));
}

/** Waits until `count` messages to `to` (optionally with a matching subject) have arrived; returns the newest. */
export async function waitForMail(to: string, subject?: RegExp, count = 1): Promise<string> {
  await expect
    .poll(async () => (await messagesTo(to, subject)).length, { message: `email to ${to} matching ${String(subject)}` })
    .toBeGreaterThanOrEqual(count);
  const messages = await messagesTo(to, subject);
  return messages[messages.length - 1]!;
}

/** The first link in a message whose path starts with `path` (e.g. "/reset-password"). */
export function extractLink(raw: string, path: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const match = new RegExp(`https?://[^\\s"<>]+${escaped}[^\\s"<>]*`).exec(raw);
  if (!match) throw new Error(`no ${path} link in the message`);
  return match[0].replace(/&amp;/g, "&");
}

/** Every message the sink received (raw, as sent). */
export async function allMessages(): Promise<Received[]> {
  return fetchMessages();
}
