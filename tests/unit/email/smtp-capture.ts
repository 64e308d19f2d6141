// An in-process SMTP server that records what it receives, plus a minimal RFC 5322 / MIME
// reader (headers, multipart/alternative, quoted-printable, base64, encoded-word subjects):
// enough to check what a real mail client would show, without adding a parser dependency.
import type { AddressInfo } from "node:net";

import { SMTPServer } from "smtp-server";

export type Received = { mailFrom: string; rcptTo: string[]; raw: string };

export async function startSmtpCapture(): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"], // plain loopback connection; no certificate to trust
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type ParsedPart = { headers: Map<string, string>; body: string };

function splitHeaders(raw: string): ParsedPart {
  const normalized = raw.replace(/\r\n/g, "\n");
  const end = normalized.indexOf("\n\n");
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? "" : normalized.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(part: ParsedPart): string {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return qpDecode(part.body.replace(/=\n/g, ""));
  return part.body;
}

function qpDecode(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] ?? "", "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** RFC 2047 encoded words, as nodemailer writes non-ASCII subjects. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : qpDecode(text.replace(/_/g, " ")),
    );
}

/** Headers of the message plus its text and HTML bodies, decoded. */
export function parseMessage(raw: string): {
  headers: Map<string, string>;
  text?: string;
  html?: string;
} {
  const top = splitHeaders(raw);
  const type = top.headers.get("content-type") ?? "text/plain";
  const parts: ParsedPart[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith("multipart/") && boundary) {
    const sections = top.body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith("--")) break;
      // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
      parts.push(splitHeaders(section.replace(/\r\n/g, "\n").replace(/^\n/, "").replace(/\n$/, "")));
    }
  } else {
    parts.push(top);
  }
  const find = (mime: string) => {
    const part = parts.find((p) => (p.headers.get("content-type") ?? "text/plain").toLowerCase().startsWith(mime));
    return part ? decodeBody(part) : undefined;
  };
  const text = find("text/plain");
  const html = find("text/html");
  return {
    headers: top.headers,
    ...(text === undefined ? {} : { text }),
    ...(html === undefined ? {} : { html }),
  };
}
