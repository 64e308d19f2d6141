import { describe, expect, it } from "vitest";

import { MailerError } from "@/lib/email/errors";
import { escapeHtml, renderEmail, SAFETY_FOOTER, withFooter } from "@/lib/email/render";

const FOOTER_RE = SAFETY_FOOTER.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("renderEmail", () => {
  it("escapes every interpolated value in the HTML", () => {
    const attack = `<img src=x onerror="alert('x')">&amp;`;
    const { html, text } = renderEmail({
      heading: attack,
      paragraphs: [`Hello ${attack}`, "second"],
      action: { label: attack, url: 'https://shop.example/a?x=1&y="2"' },
    });
    expect(html).not.toContain("<img");
    expect(html).not.toContain(`"alert`);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;amp;");
    expect(html).toContain('href="https://shop.example/a?x=1&amp;y=%222%22"');
    expect(html.match(/<img|<script|onerror="/g)).toBeNull();
    // the text version carries the values as they are: plain text is not markup
    expect(text).toContain(`Hello ${attack}`);
  });

  it("produces a text version with heading, paragraphs and the link", () => {
    const { text, html } = renderEmail({
      heading: "Confirm your email",
      paragraphs: ["Welcome!", "This link expires in 1 hour."],
      action: { label: "Confirm", url: "https://shop.example/verify?t=abc" },
    });
    expect(text).toBe(
      "Confirm your email\n\nWelcome!\n\nThis link expires in 1 hour.\n\nConfirm: https://shop.example/verify?t=abc",
    );
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<title>Confirm your email</title>");
    expect(html).toContain('<a href="https://shop.example/verify?t=abc"');
  });

  it("omits the button without an action", () => {
    const { html, text } = renderEmail({ heading: "Hi", paragraphs: ["Body"] });
    expect(html).not.toContain("<a ");
    expect(text).toBe("Hi\n\nBody");
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/relative/path",
    "vbscript:x",
    "not a url",
  ])("refuses the action URL %s", (url) => {
    expect(() =>
      renderEmail({
        heading: "h",
        paragraphs: [],
        action: { label: "l", url },
      }),
    ).toThrow(MailerError);
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters and nothing else", () => {
    expect(escapeHtml(`& < > " ' é ✓`)).toBe("&amp; &lt; &gt; &quot; &#39; é ✓");
  });
});

describe("withFooter", () => {
  it("ends the text with the footer line and puts it last inside the HTML body", () => {
    const { text, html } = withFooter({
      text: "Body\n\n\n",
      html: "<html><BODY><p>x</p></BODY></html>",
    });
    expect(text).toBe(`Body\n\n${SAFETY_FOOTER}\n`);
    expect(html).toMatch(new RegExp(`<p>x</p><p[^>]*>${FOOTER_RE}</p>\\n</BODY></html>$`));
  });

  it("uses the exact footer wording", () => {
    expect(SAFETY_FOOTER).toBe("We will never ask for your password or card details by email, text or chat.");
  });
});
