import { describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { createMailer, MailerError, SAFETY_FOOTER } from "@/lib/email";
import { sendOrderEmail, type OrderLinkConfig } from "@/lib/orders/emails";
import { refundOrder } from "@/lib/payments/refunds";
import { parseMessage, startSmtpCapture } from "../unit/email/smtp-capture";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { alertOnly, payOnHostedPage, shopperCard, startPayments, uniqueCard, uniqueEmail } from "../support/payments";
import { createStaff, testKeyring } from "./admin-helpers";

// The order emails as a mail client receives them: the real checkout and payment make the order,
// sendOrderEmail renders it (React Email) and sends it over a real SMTP conversation to an
// in-process server, and the test reads the decoded HTML and text parts.

const HOSTILE_PRODUCT = `Mug <script>alert(1)</script> & "co"`;
const HOSTILE_NAME = "Ada <img src=x onerror=alert(1)>";
const shopper = {
  name: HOSTILE_NAME,
  line1: "1 Analytical Way",
  line2: "Flat <b>2</b>",
  city: "Arlington",
  postalCode: "22201",
  country: "US",
};
const links: OrderLinkConfig = {
  appUrl: "https://shop.example.com",
  authSecret: "an-order-link-secret-of-32-characters-or-more",
};

describe.each(providers())("order emails on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      await alertOnly(db);
      const pay = await startPayments(db);
      Object.assign(pay.events, {
        refunded: async () => {},
        alertDeps: { send: async () => {}, fetch, env: { APP_URL: "http://shop.test" } },
      });
      const smtp = await startSmtpCapture();
      return {
        pay,
        smtp,
        mailer: createMailer({ smtpUrl: smtp.url, from: "Secure Store <no-reply@shop.example.com>" }),
        admin: await createStaff(db, testKeyring(), "ADMIN"),
      };
    },
    async ({ pay, smtp, mailer }) => {
      await mailer.close();
      await smtp.close();
      await pay.close();
    },
  );

  /** Two chargers (49.00 each, renamed to a hostile name) paid by a shopper with a hostile name. */
  async function paidOrder() {
    const product = await t.db.product.update({ where: { slug: "usb-c-charger" }, data: { name: HOSTILE_PRODUCT } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity: 2,
    });
    const started = await startCheckout(
      t.db,
      t.pay.stripe,
      { cartToken: token, userId: null, ip: null, ipCountry: null, appUrl: "http://shop.test" },
      { ...shopper, email: uniqueEmail("mail") },
    );
    await payOnHostedPage(started.redirectUrl, shopperCard(shopper, uniqueCard()));
    await t.pay.settle();
    return t.db.order.findUniqueOrThrow({ where: { id: started.orderId } });
  }
  const lastMail = () => parseMessage(t.smtp.received.at(-1)?.raw ?? "");

  it("the confirmation has an itemized table, the totals, the address and the order link, with every value escaped", async () => {
    const order = await paidOrder();
    await sendOrderEmail(t.db, order.id, "confirmed", { mailer: t.mailer, links });
    const { html = "", text = "", headers } = lastMail();
    expect(headers.get("content-type")).toMatch(/^multipart\/alternative/);

    // The table: a header row, one row per line (quantity, unit price, amount), then the totals.
    expect(html).toMatch(/<table[^>]*data-testid="order-items"/);
    expect(html).toMatch(/<th scope="col"[^>]*>Unit price<\/th>/);
    const row =
      /<tr><td[^>]*>Mug &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;co&quot;<\/td><td[^>]*>2<\/td><td[^>]*>\$49\.00<\/td><td[^>]*>\$98\.00<\/td><\/tr>/;
    expect(html).toMatch(row);
    const totals: Array<[string, string]> = [
      ["Subtotal", "$98.00"],
      ["Standard shipping", "$5.00"],
      ["Sales tax 7.25%", "$7.11"],
      ["Total", "$110.11"],
    ];
    for (const [label, amount] of totals) {
      expect(html).toMatch(
        new RegExp(
          `<th scope="row"[^>]*>${label.replace(/[.$]/g, "\\$&")}</th><td[^>]*>${amount.replace(/[.$]/g, "\\$&")}</td>`,
        ),
      );
    }
    // The address, escaped; no markup from a shopper or a product survives as markup.
    expect(html).toContain("Ada &lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("Flat &lt;b&gt;2&lt;/b&gt;");
    expect(html).not.toMatch(/<script|<img|<b>|onerror=alert\(1\)>/);
    // No remote images or resources; the one link is the order's, http(s).
    expect(html).not.toMatch(/<img\b|\ssrc="|url\(/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([expect.stringMatching(/^https:\/\/shop\.example\.com\/orders\/track\/[A-Za-z0-9_.-]+$/)]);
    expect(html).toContain(SAFETY_FOOTER);

    // The plain-text part has the same facts, one per line.
    expect(text).toContain(`Order ${order.reference}`);
    expect(text).toMatch(/2 × Mug <script>alert\(1\)<\/script> & "co" at \$49\.00 +\$98\.00/);
    expect(text).toMatch(/Standard shipping +\$5\.00/);
    expect(text).toMatch(/Sales tax 7\.25% +\$7\.11/);
    expect(text).toMatch(/Total +\$110\.11/);
    expect(text).toContain(`${HOSTILE_NAME}\n1 Analytical Way\nFlat <b>2</b>\n22201 Arlington\nUnited States`);
    expect(text).toContain(`View your order: ${hrefs[0]}`);
  });

  it("a refund email states the amount refunded and what remains paid", async () => {
    const order = await paidOrder();
    const line = await t.db.orderItem.findFirstOrThrow({ where: { orderId: order.id } });
    const refund = await refundOrder(
      t.db,
      t.pay.stripe,
      t.admin.actor,
      { orderId: order.id, reason: "one broke", lines: [{ orderItemId: line.id, quantity: 1 }] },
      { dualControlCents: 0 },
    );
    await t.pay.settle();
    await sendOrderEmail(t.db, order.id, "refunded", { mailer: t.mailer, links, refundId: refund.refundId });
    const { html = "", text = "" } = lastMail();
    // One charger and its half of the sales tax: 49.00 + 3.56 of the 110.11 paid.
    const summary = "This refund: $52.56. Refunded so far: $52.56 of the $110.11 you paid. Remaining paid: $57.55.";
    expect(text).toContain(summary);
    expect(html).toContain(summary);
    expect(html).toMatch(/<table[^>]*data-testid="order-items"/);
  });

  it("refuses to send an order link that is not http(s)", async () => {
    const order = await t.db.order.findFirstOrThrow();
    const before = t.smtp.received.length;
    const error = await sendOrderEmail(t.db, order.id, "confirmed", {
      mailer: t.mailer,
      links: { ...links, appUrl: "javascript:alert(1)//" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerError);
    expect((error as MailerError).code).toBe("unsafe-link");
    expect(t.smtp.received.length).toBe(before);
  });
});
