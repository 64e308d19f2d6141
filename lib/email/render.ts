// Pure string functions (no "server-only"): scripts/docs-emails.tsx adds the same footer.
import { BRAND } from "@/lib/email/brand";
import { safeUrl } from "@/lib/email/links";

// Email bodies. Values interpolated into HTML (names, product titles, anything a user typed)
// are escaped here, once, so a stored value like "<img src=x onerror=...>" arrives as text in
// a mail client or an outbox viewer instead of as markup. Links are only ever http(s): an
// escaped "javascript:" URL is still a working XSS link.

export const SAFETY_FOOTER = "We will never ask for your password or card details by email, text or chat.";

export type RenderedEmail = { text: string; html: string };

export type EmailContent = {
  heading: string;
  paragraphs: readonly string[];
  action?: { label: string; url: string };
};

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** Text and HTML versions of a simple transactional email. The footer is added when sent. */
export function renderEmail({ heading, paragraphs, action }: EmailContent): RenderedEmail {
  const url = action ? safeUrl(action.url) : undefined;

  const text = [
    heading,
    "",
    ...paragraphs.flatMap((p) => [p, ""]),
    ...(action && url ? [`${action.label}: ${url}`, ""] : []),
  ]
    .join("\n")
    .trimEnd();

  const p = (body: string) => `<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${body}</p>`;
  const button =
    action && url
      ? p(
          `<a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;background:${BRAND.colors.primary};color:#fff;` +
            `text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a>`,
        ) + p(`Or paste this link into your browser: ${escapeHtml(url)}`)
      : "";
  const html = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(heading)}</title></head>`,
    `<body style="margin:0;padding:24px;font-family:${BRAND.font};color:${BRAND.colors.text}">`,
    `<h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(heading)}</h1>`,
    ...paragraphs.map((para) => p(escapeHtml(para))),
    button,
    "</body></html>",
  ]
    .filter((line) => line !== "")
    .join("\n");

  return { text, html };
}

/** Appends SAFETY_FOOTER as the last line of the text and the last paragraph of the HTML. */
export function withFooter<T extends { text: string; html?: string }>(message: T): T {
  const text = `${message.text.trimEnd()}\n\n${SAFETY_FOOTER}\n`;
  if (message.html === undefined) return { ...message, text };
  const footer = `<p style="margin:16px auto 0;max-width:600px;padding:0 24px;font-family:${BRAND.font};font-size:13px;line-height:20px;color:${BRAND.colors.muted}">${escapeHtml(SAFETY_FOOTER)}</p>`;
  const close = message.html.search(/<\/body>(?![\s\S]*<\/body>)/i);
  const html =
    close === -1
      ? `${message.html}\n${footer}`
      : `${message.html.slice(0, close)}${footer}\n${message.html.slice(close)}`;
  return { ...message, text, html };
}
