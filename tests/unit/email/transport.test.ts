import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MailerError } from "@/lib/email/errors";
import { createMailer, type OutboxMessage } from "@/lib/email/transport";
import { renderEmail, SAFETY_FOOTER } from "@/lib/email/render";

import { decodeHeader, parseMessage, startSmtpCapture } from "./smtp-capture";

const FOOTER_RE = SAFETY_FOOTER.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const FROM = "Secure Store <no-reply@localhost>";

function memoryOutbox() {
  const messages: OutboxMessage[] = [];
  return {
    messages,
    outbox: { write: async (m: OutboxMessage) => void messages.push(m) },
  };
}

function captureLog() {
  const lines: string[] = [];
  return { lines, logger: { info: (line: string) => void lines.push(line) } };
}

describe("mailer over SMTP", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it("delivers recipient, subject, body and the safety footer through a real SMTP conversation", async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    expect(mailer.transport).toBe("smtp");
    const token = "tok_3f9a1c";
    await mailer.send({
      to: "shopper@example.com",
      subject: "Reset your password",
      text: `Use this link: https://shop.example/reset?t=${token}`,
    });
    await mailer.close();

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.mailFrom).toBe("no-reply@localhost");
    expect(mail?.rcptTo).toEqual(["shopper@example.com"]);
    const parsed = parseMessage(mail?.raw ?? "");
    expect(parsed.headers.get("to")).toBe("shopper@example.com");
    expect(parsed.headers.get("from")).toBe("Secure Store <no-reply@localhost>");
    expect(decodeHeader(parsed.headers.get("subject") ?? "")).toBe("Reset your password");
    expect(parsed.html).toBeUndefined();
    expect(parsed.text).toBe(`Use this link: https://shop.example/reset?t=${token}\n\n${SAFETY_FOOTER}\n`);
  });

  it("sends HTML and text alternatives, both ending with the footer, and non-ASCII subjects intact", async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    const body = renderEmail({
      heading: "Order <confirmed>",
      paragraphs: ["Thanks, Zoë & co."],
      action: { label: "View order", url: "https://shop.example/orders/42" },
    });
    await mailer.send({
      to: "zoe@example.com",
      subject: "Commande confirmée ✓",
      ...body,
    });
    await mailer.close();

    const parsed = parseMessage(smtp.received.at(-1)?.raw ?? "");
    expect(parsed.headers.get("content-type")).toMatch(/^multipart\/alternative/);
    expect(decodeHeader(parsed.headers.get("subject") ?? "")).toBe("Commande confirmée ✓");
    expect(parsed.text).toBe(
      `Order <confirmed>\n\nThanks, Zoë & co.\n\nView order: https://shop.example/orders/42\n\n${SAFETY_FOOTER}\n`,
    );
    expect(parsed.html).toContain("Order &lt;confirmed&gt;");
    expect(parsed.html).toContain("Thanks, Zoë &amp; co.");
    expect(parsed.html).toMatch(new RegExp(`<p[^>]*>${FOOTER_RE}</p>\\s*</body></html>\\s*$`));
  });

  it("refuses header injection before anything reaches the server", async () => {
    const before = smtp.received.length;
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    const attempts = [
      { to: "victim@example.com\r\nBcc: everyone@example.com", subject: "Hi" },
      { to: "victim@example.com", subject: "Hi\r\nBcc: everyone@example.com" },
      { to: "victim@example.com", subject: "Hi\nX-Injected: 1" },
      { to: "victim@example.com", subject: "Hi\u2028there" },
    ];
    for (const attempt of attempts) {
      const error = await mailer.send({ ...attempt, text: "body" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailerError);
      expect((error as MailerError).code).toBe("header-injection");
    }
    await mailer.close();
    expect(smtp.received.length).toBe(before);
  });
});

describe("mailer without SMTP (outbox)", () => {
  it("writes the message with the footer and a timestamp, and logs the subject only", async () => {
    const { messages, outbox } = memoryOutbox();
    const { lines, logger } = captureLog();
    const now = new Date("2030-01-02T03:04:05Z");
    const mailer = createMailer({ from: FROM, outbox, logger, now: () => now });
    expect(mailer.transport).toBe("outbox");

    await mailer.send({
      to: "a@example.com",
      subject: "Verify your email",
      text: "code SECRET-123\n",
      html: "<p>code SECRET-123</p>",
    });
    expect(messages).toEqual([
      {
        to: "a@example.com",
        subject: "Verify your email",
        text: `code SECRET-123\n\n${SAFETY_FOOTER}\n`,
        html: expect.stringMatching(
          new RegExp(`^<p>code SECRET-123</p>\n<p style="[^"]*">${FOOTER_RE}</p>$`),
        ) as string,
        createdAt: now,
      },
    ]);
    expect(lines).toEqual(['outbox: subject="Verify your email"']);
    expect(lines.join("\n")).not.toContain("SECRET-123");
    expect(lines.join("\n")).not.toContain("a@example.com");
    await mailer.close();
  });

  it("prints the body only when logBodies is set (development)", async () => {
    const { outbox } = memoryOutbox();
    const { lines, logger } = captureLog();
    const mailer = createMailer({
      from: FROM,
      outbox,
      logger,
      logBodies: true,
    });
    await mailer.send({
      to: "a@example.com",
      subject: "Code",
      text: "code SECRET-123",
    });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("code SECRET-123");
    expect(lines[1]).toContain(SAFETY_FOOTER);
  });

  it("validates recipients and messages with typed errors, writing nothing", async () => {
    const { messages, outbox } = memoryOutbox();
    const mailer = createMailer({ from: FROM, outbox, logger: { info() {} } });
    const cases: Array<[Parameters<typeof mailer.send>[0], string]> = [
      [{ to: "not-an-email", subject: "s", text: "t" }, "invalid-recipient"],
      [{ to: "a@example.com, b@example.com", subject: "s", text: "t" }, "invalid-recipient"],
      [{ to: "A <a@example.com>", subject: "s", text: "t" }, "invalid-recipient"],
      [{ to: "a@example.com", subject: "   ", text: "t" }, "invalid-message"],
      [{ to: "a@example.com", subject: "s", text: "" }, "invalid-message"],
      [{ to: "a@example.com", subject: "x".repeat(251), text: "t" }, "invalid-message"],
      [{ to: "a@example.com\n", subject: "s", text: "t" }, "header-injection"],
      [{ to: "a@example.com", subject: "s\r", text: "t" }, "header-injection"],
    ];
    for (const [message, code] of cases) {
      await expect(mailer.send(message), JSON.stringify(message)).rejects.toMatchObject({ name: "MailerError", code });
    }
    expect(messages).toEqual([]);
  });

  it("refuses a bad configuration", () => {
    const { outbox } = memoryOutbox();
    expect(() => createMailer({ from: FROM })).toThrow(MailerError);
    for (const from of ["", "no address", "a@b.c\r\nBcc: x@y.z", "A <a@b.c>, B <b@c.d>"]) {
      expect(() => createMailer({ from, outbox }), from).toThrow(/from/);
    }
    expect(createMailer({ from: "plain@example.com", outbox }).transport).toBe("outbox");
  });
});
