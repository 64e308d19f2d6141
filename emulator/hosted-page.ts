// HTML of the hosted payment page: no scripts, no external resources, one inline stylesheet
// allowed by a per-response CSP nonce. Card number and CVC inputs are never pre-filled.
import { COUNTRIES, type FieldName, type KeptFields } from "./card-form";
import { formatAmount } from "./money";
import type { SessionRecord } from "./store";

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f9fc}
main{max-width:34rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.banner{background:#fff4d6;color:#5a3e00;border:1px solid #b7791f;border-radius:6px;padding:.5rem .75rem;font-size:.95rem}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #c1c9d2;border-radius:6px}
th,td{padding:.5rem .75rem;text-align:left;border-bottom:1px solid #e3e8ee}
td.amount,th.amount{text-align:right;white-space:nowrap}
tfoot th,tfoot td{font-weight:700;border-bottom:0}
form{background:#fff;border:1px solid #c1c9d2;border-radius:6px;padding:1rem 1.25rem;margin-top:1.5rem}
fieldset{border:0;padding:0;margin:1rem 0 0}
legend{font-weight:700;padding:0;margin-bottom:.25rem}
.field{margin:.75rem 0}
.row{display:flex;gap:.75rem}.row .field{flex:1}
label{display:block;font-weight:600;margin-bottom:.25rem}
.hint{color:#3c4257;font-size:.9rem;margin:.15rem 0 0}
input,select{width:100%;font:inherit;color:#1a1f36;background:#fff;border:1px solid #6b7385;border-radius:6px;padding:.55rem .65rem}
input[aria-invalid=true],select[aria-invalid=true]{border:2px solid #b42318}
.error{color:#b42318;font-weight:600;margin:.25rem 0 0}
.alert{border:2px solid #b42318;background:#fef3f2;color:#7a271a;border-radius:6px;padding:.75rem 1rem}
.alert ul{margin:.25rem 0 0;padding-left:1.25rem}
button{width:100%;margin-top:1.25rem;font:inherit;font-weight:700;color:#fff;background:#0a2540;border:0;border-radius:6px;padding:.8rem 1rem;cursor:pointer}
button:hover{background:#163e6b}
a{color:#0b4fb3}
:focus-visible{outline:3px solid #0b4fb3;outline-offset:2px}
input:focus-visible,select:focus-visible{outline:3px solid #0b4fb3;outline-offset:1px}
`;

function layout(title: string, nonce: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
<p class="banner">Test mode: this is the local Stripe emulator. No real payment is made: use one of Stripe&#39;s test card numbers.</p>
${body}
</main>
</body>
</html>
`;
}

/** Shipping and tax rows, as Stripe's page shows them when the session has them. */
function totals(record: SessionRecord): string {
  const { session, lineItems } = record;
  const row = (label: string, cents: number) =>
    `<tr><th scope="row" colspan="2">${escapeHtml(label)}</th><td class="amount">${escapeHtml(formatAmount(cents, session.currency))}</td></tr>`;
  const rows: string[] = [];
  if (session.shipping_cost) rows.push(row(record.shippingRateName ?? "Shipping", session.shipping_cost.amount_total));
  const taxes = lineItems.flatMap((item) => item.taxes);
  if (taxes.length > 0) {
    const inclusive = taxes.every((t) => t.rate.inclusive);
    rows.push(
      row(
        inclusive ? `${taxes[0]!.rate.display_name} (included)` : taxes[0]!.rate.display_name,
        session.total_details?.amount_tax ?? 0,
      ),
    );
  }
  return rows.join("");
}

function summary(record: SessionRecord): string {
  const { session, lineItems } = record;
  const rows = lineItems
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.description)}</td><td>${item.quantity}</td><td class="amount">${escapeHtml(formatAmount(item.amount_total, item.currency))}</td></tr>`,
    )
    .join("\n");
  return `<h2 id="summary-heading">Order summary</h2>
<table aria-labelledby="summary-heading">
<thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col" class="amount">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>${totals(record)}<tr><th scope="row" colspan="2">Total</th><td class="amount">${escapeHtml(formatAmount(session.amount_total, session.currency))}</td></tr></tfoot>
</table>`;
}

export interface FormView {
  kept: KeptFields;
  errors: Partial<Record<FieldName, string>>;
  /** A payment-level message, e.g. a decline. */
  message?: string;
}

const FIELD_ORDER: FieldName[] = [
  "email",
  "cardNumber",
  "expiry",
  "cvc",
  "name",
  "line1",
  "city",
  "postalCode",
  "country",
];
const FIELD_IDS: Record<FieldName, string> = {
  email: "email",
  cardNumber: "card-number",
  expiry: "card-expiry",
  cvc: "card-cvc",
  name: "cardholder-name",
  line1: "address-line1",
  city: "address-city",
  postalCode: "address-postal-code",
  country: "address-country",
};

export function renderPaymentPage(record: SessionRecord, view: FormView, nonce: string): string {
  const { session } = record;
  const total = formatAmount(session.amount_total, session.currency);
  const firstInvalid = view.message ? "cardNumber" : FIELD_ORDER.find((f) => view.errors[f]);
  const required = session.billing_address_collection === "required";

  const input = (name: FieldName, formName: string, label: string, attrs: string, value = "", hint = ""): string => {
    const id = FIELD_IDS[name];
    const error = view.errors[name];
    const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
    return `<div class="field">
<label for="${id}">${label}</label>
<input id="${id}" name="${formName}" ${attrs}${value ? ` value="${escapeHtml(value)}"` : ""}${error ? ' aria-invalid="true"' : ""}${described ? ` aria-describedby="${described}"` : ""}${firstInvalid === name ? " autofocus" : ""}>
${hint ? `<p class="hint" id="${id}-hint">${hint}</p>` : ""}${error ? `<p class="error" id="${id}-error">${escapeHtml(error)}</p>` : ""}
</div>`;
  };

  const countryError = view.errors.country;
  const selected = view.kept.country || "US";
  const options = COUNTRIES.map(
    ([code, name]) => `<option value="${code}"${code === selected ? " selected" : ""}>${escapeHtml(name)}</option>`,
  ).join("");
  const problems = FIELD_ORDER.filter((f) => view.errors[f]);
  const alert =
    view.message || problems.length > 0
      ? `<div class="alert" role="alert" id="form-errors">${view.message ? `<p><strong>${escapeHtml(view.message)}</strong> Check the card details or try another card.</p>` : "<p><strong>Please correct the following:</strong></p>"}${
          problems.length
            ? `<ul>${problems.map((f) => `<li><a href="#${FIELD_IDS[f]}">${escapeHtml(view.errors[f] ?? "")}</a></li>`).join("")}</ul>`
            : ""
        }</div>`
      : "";
  const req = 'required aria-required="true"';
  const optional = required ? "" : " (optional)";

  const body = `<h1>Pay ${escapeHtml(total)}</h1>
${summary(record)}
<form method="post" action="/c/pay/${encodeURIComponent(session.id)}" novalidate aria-labelledby="pay-heading">
<h2 id="pay-heading">Payment details</h2>
${alert}
${input("email", "email", "Email", `type="email" autocomplete="email" ${req}${session.customer_email ? " readonly" : ""}`, view.kept.email)}
<fieldset>
<legend>Card information</legend>
${input("cardNumber", "card_number", "Card number", `type="text" inputmode="numeric" autocomplete="cc-number" ${req}`, "", "Digits only; spaces are fine.")}
<div class="row">
${input("expiry", "card_expiry", "Expiry date (MM / YY)", `type="text" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY" ${req}`, view.kept.expiry)}
${input("cvc", "card_cvc", "Security code (CVC)", `type="text" inputmode="numeric" autocomplete="cc-csc" maxlength="4" ${req}`, "", "3 or 4 digits.")}
</div>
${input("name", "cardholder_name", "Name on card", `type="text" autocomplete="cc-name" ${req}`, view.kept.name)}
</fieldset>
<fieldset>
<legend>Billing address</legend>
${input("line1", "address_line1", `Address${optional}`, `type="text" autocomplete="address-line1"${required ? ` ${req}` : ""}`, view.kept.line1)}
${input("city", "address_city", `City${optional}`, `type="text" autocomplete="address-level2"${required ? ` ${req}` : ""}`, view.kept.city)}
${input("postalCode", "address_postal_code", `Postal code${optional}`, `type="text" autocomplete="postal-code"${required ? ` ${req}` : ""}`, view.kept.postalCode)}
<div class="field">
<label for="address-country">Country</label>
<select id="address-country" name="address_country" autocomplete="country" ${req}${countryError ? ' aria-invalid="true" aria-describedby="address-country-error"' : ""}${firstInvalid === "country" ? " autofocus" : ""}>${options}</select>
${countryError ? `<p class="error" id="address-country-error">${escapeHtml(countryError)}</p>` : ""}
</div>
</fieldset>
<button type="submit">Pay ${escapeHtml(total)}</button>
</form>
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and return to the store</a></p>` : ""}`;
  return layout(`Pay ${total} – Stripe emulator`, nonce, body);
}

/** Shown instead of the form once the session is complete or expired, or for an unknown id. */
export function renderNoticePage(
  title: string,
  message: string,
  nonce: string,
  link?: { href: string; text: string },
): string {
  const body = `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ""}`;
  return layout(`${title} – Stripe emulator`, nonce, body);
}
