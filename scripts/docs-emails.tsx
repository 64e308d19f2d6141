// npm run docs:emails — renders each order email (lib/email/templates/) with sample data to
// docs/emails/<kind>.html and .txt, exactly as sent (safety footer included), and a PNG of the
// HTML as Chromium shows it at 640 px (CHROMIUM_PATH, default /usr/bin/chromium). Run it after
// changing a template, the copy or the brand (lib/email/brand.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { withFooter } from "@/lib/email/render";
import { ORDER_EMAIL_COPY, ORDER_EMAIL_KINDS } from "@/lib/email/templates/order-copy";
import { renderOrderEmail, type OrderEmailProps } from "@/lib/email/templates/order-email";

const OUT = "docs/emails";

const sample: Omit<OrderEmailProps, "heading" | "lead"> = {
  reference: "K7QX-M2PD",
  currency: "usd",
  lines: [
    { name: "Mechanical Keyboard", quantity: 1, unitPriceCents: 14_900 },
    { name: "USB-C Charger 65W", quantity: 2, unitPriceCents: 4_900 },
  ],
  subtotalCents: 24_700,
  shippingLabel: "Standard shipping",
  shippingCents: 0,
  tax: { label: "Sales tax 7.25%", cents: 1_791, inclusive: false },
  totalCents: 26_491,
  address: {
    name: "Ada Lovelace",
    line1: "1 Analytical Way",
    line2: "Apartment 2",
    postalCode: "10001",
    city: "New York",
    country: "United States",
  },
  link: "https://shop.example.com/orders/track/cm0rder1d.s1gnature",
};

async function main() {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 640, height: 800 } });
    // Nothing leaves the machine: an email that tried to load anything would show it missing.
    await page.route("**/*", (route) => route.abort());
    for (const kind of ORDER_EMAIL_KINDS) {
      const copy = ORDER_EMAIL_COPY[kind];
      const props: OrderEmailProps = {
        ...sample,
        heading: copy.heading,
        lead: copy.lead,
        ...(kind === "refunded" ? { refund: { thisRefundCents: 5_256, refundedCents: 5_256, paidCents: 26_491 } } : {}),
      };
      const { html, text } = withFooter(await renderOrderEmail(props));
      writeFileSync(join(OUT, `${kind}.html`), html);
      writeFileSync(join(OUT, `${kind}.txt`), text);
      await page.setContent(html, { waitUntil: "load" });
      await page.screenshot({ path: join(OUT, `${kind}.png`), fullPage: true });
      console.log(`docs:emails: ${OUT}/${kind}.html, .txt, .png`);
    }
  } finally {
    await browser.close();
  }
}

await main();
