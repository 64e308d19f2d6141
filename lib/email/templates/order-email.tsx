// Order emails (confirmed, under review, cancelled, refunded) with React Email: an itemized
// table (lines, unit prices, subtotal, shipping, tax, total), the shipping address and the
// order link, in the store's name and colours (../brand.ts), with a plain-text part written
// alongside. No images; every value reaches the HTML as React text (escaped) and the one link is
// checked to be http(s) first (safeUrl). Pure: scripts/docs-emails.tsx renders it with samples.
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import type { CSSProperties } from "react";
import { formatMoney } from "@/lib/catalog/format";
import { BRAND } from "../brand";
import { safeUrl } from "../links";
import type { RenderedEmail } from "../render";

type OrderEmailLine = { name: string; quantity: number; unitPriceCents: number };
export type OrderEmailProps = {
  heading: string;
  lead: string;
  reference: string;
  currency: string;
  lines: OrderEmailLine[];
  subtotalCents: number;
  shippingLabel: string;
  shippingCents: number;
  /** null: no tax line (a destination the store collects no tax for). */
  tax: { label: string; cents: number; inclusive: boolean } | null;
  totalCents: number;
  address: { name: string; line1: string; line2: string | null; postalCode: string; city: string; country: string };
  /** The order page (account or guest link); null when no link can be made. */
  link: string | null;
  /** A refund email's amounts. */
  refund?: { thisRefundCents: number | null; refundedCents: number; paidCents: number };
};

const c = BRAND.colors;
const cell: CSSProperties = {
  padding: "8px 0",
  borderBottom: `1px solid ${c.border}`,
  fontSize: "15px",
  color: c.text,
  verticalAlign: "top",
};
const num: CSSProperties = { ...cell, textAlign: "right", whiteSpace: "nowrap", paddingLeft: "12px" };
const head: CSSProperties = { ...cell, fontSize: "13px", color: c.muted, fontWeight: 600, textAlign: "left" };
const text: CSSProperties = { fontSize: "16px", lineHeight: "24px", color: c.text, margin: "0 0 16px" };

/** The refund sentence: this refund, all refunds, and what remains paid. */
function refundSummary(refund: NonNullable<OrderEmailProps["refund"]>, currency: string): string {
  const money = (cents: number) => formatMoney(cents, currency);
  const remains = Math.max(0, refund.paidCents - refund.refundedCents);
  return [
    refund.thisRefundCents !== null ? `This refund: ${money(refund.thisRefundCents)}.` : null,
    `Refunded so far: ${money(refund.refundedCents)} of the ${money(refund.paidCents)} you paid.`,
    remains > 0 ? `Remaining paid: ${money(remains)}.` : "Everything you paid has been refunded.",
  ]
    .filter((s) => s !== null)
    .join(" ");
}

const taxRowLabel = (tax: NonNullable<OrderEmailProps["tax"]>) =>
  tax.inclusive ? `${tax.label} (included)` : tax.label;

/** Subtotal, shipping and tax (when there is one) rows, before the total. */
const totalRows = (props: OrderEmailProps): Array<[string, number]> => [
  ["Subtotal", props.subtotalCents],
  [props.shippingLabel, props.shippingCents],
  ...(props.tax ? [[taxRowLabel(props.tax), props.tax.cents] as [string, number]] : []),
];

function OrderEmail(props: OrderEmailProps & { safeLink: string | null }) {
  const money = (cents: number) => formatMoney(cents, props.currency);
  const a = props.address;
  return (
    <Html lang="en">
      <Head>
        <title>{props.heading}</title>
      </Head>
      <Preview>{`${props.heading}: order ${props.reference}`}</Preview>
      <Body style={{ margin: 0, padding: "24px 0", backgroundColor: c.canvas, fontFamily: BRAND.font }}>
        <Container
          style={{
            maxWidth: "600px",
            padding: "24px",
            backgroundColor: c.surface,
            borderTop: `4px solid ${c.primary}`,
          }}
        >
          <Text
            style={{
              ...text,
              fontSize: "14px",
              fontWeight: 700,
              color: c.primary,
              textTransform: "uppercase",
              letterSpacing: "0.05em",
            }}
          >
            {BRAND.name}
          </Text>
          <Heading as="h1" style={{ fontSize: "24px", lineHeight: "32px", color: c.text, margin: "0 0 16px" }}>
            {props.heading}
          </Heading>
          <Text style={text}>{props.lead}</Text>
          {props.refund ? (
            <Text style={{ ...text, fontWeight: 600 }} data-testid="refund-summary">
              {refundSummary(props.refund, props.currency)}
            </Text>
          ) : null}
          <Heading as="h2" style={{ fontSize: "18px", color: c.text, margin: "24px 0 8px" }}>
            Order {props.reference}
          </Heading>
          <table
            role="table"
            width="100%"
            cellPadding={0}
            cellSpacing={0}
            style={{ borderCollapse: "collapse", width: "100%" }}
            data-testid="order-items"
          >
            <thead>
              <tr>
                <th scope="col" style={head}>
                  Item
                </th>
                <th scope="col" style={{ ...head, textAlign: "right" }}>
                  Qty
                </th>
                <th scope="col" style={{ ...head, textAlign: "right" }}>
                  Unit price
                </th>
                <th scope="col" style={{ ...head, textAlign: "right" }}>
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {props.lines.map((line, i) => (
                <tr key={i}>
                  <td style={cell}>{line.name}</td>
                  <td style={num}>{line.quantity}</td>
                  <td style={num}>{money(line.unitPriceCents)}</td>
                  <td style={num}>{money(line.unitPriceCents * line.quantity)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {totalRows(props).map(([label, cents]) => (
                <tr key={label}>
                  <th scope="row" colSpan={3} style={{ ...cell, textAlign: "right", fontWeight: 400 }}>
                    {label}
                  </th>
                  <td style={num}>{money(cents)}</td>
                </tr>
              ))}
              <tr>
                <th
                  scope="row"
                  colSpan={3}
                  style={{ ...cell, textAlign: "right", fontWeight: 700, borderBottom: "none" }}
                >
                  Total
                </th>
                <td style={{ ...num, fontWeight: 700, borderBottom: "none" }}>{money(props.totalCents)}</td>
              </tr>
            </tfoot>
          </table>
          <Section style={{ margin: "24px 0 0" }}>
            <Heading as="h2" style={{ fontSize: "18px", color: c.text, margin: "0 0 8px" }}>
              Shipping to
            </Heading>
            <Text style={{ ...text, margin: 0 }}>
              {[a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country]
                .filter((l): l is string => !!l)
                .map((l, i) => (
                  <span key={i}>
                    {i > 0 ? <br /> : null}
                    {l}
                  </span>
                ))}
            </Text>
          </Section>
          {props.safeLink ? (
            <Section style={{ margin: "24px 0 0" }}>
              <Button
                href={props.safeLink}
                style={{
                  backgroundColor: c.primary,
                  color: "#ffffff",
                  padding: "12px 20px",
                  borderRadius: "6px",
                  fontSize: "16px",
                  fontWeight: 600,
                  textDecoration: "none",
                }}
              >
                View your order
              </Button>
              <Text style={{ ...text, fontSize: "14px", color: c.muted, margin: "12px 0 0" }}>
                Or paste this link into your browser: {props.safeLink}
              </Text>
            </Section>
          ) : null}
          <Hr style={{ borderColor: c.border, margin: "24px 0 0" }} />
        </Container>
      </Body>
    </Html>
  );
}

/** The plain-text part: the same facts, in columns a plain-text mail client keeps aligned. */
function orderEmailText(props: OrderEmailProps, link: string | null): string {
  const money = (cents: number) => formatMoney(cents, props.currency);
  const rows: Array<[string, string]> = [
    ...props.lines.map((l): [string, string] => [
      `${l.quantity} × ${l.name} at ${money(l.unitPriceCents)}`,
      money(l.unitPriceCents * l.quantity),
    ]),
    ...totalRows(props).map(([label, cents]): [string, string] => [label, money(cents)]),
    ["Total", money(props.totalCents)],
  ];
  const width = Math.min(48, Math.max(...rows.map(([l]) => l.length)));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  const a = props.address;
  return [
    props.heading,
    "",
    props.lead,
    ...(props.refund ? ["", refundSummary(props.refund, props.currency)] : []),
    "",
    `Order ${props.reference}`,
    ...rows.map(([label, value]) => `${label.padEnd(width)}  ${value.padStart(valueWidth)}`),
    "",
    "Shipping to:",
    ...[a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter((l): l is string => !!l),
    ...(link ? ["", `View your order: ${link}`] : []),
  ].join("\n");
}

/** HTML and text of an order email. A link that is not http(s) is refused (MailerError). */
export async function renderOrderEmail(props: OrderEmailProps): Promise<RenderedEmail> {
  const link = props.link ? safeUrl(props.link) : null;
  const html = await render(<OrderEmail {...props} safeLink={link} />);
  return { html, text: orderEmailText(props, link) };
}
