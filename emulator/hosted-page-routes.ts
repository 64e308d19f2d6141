// GET/POST /c/pay/:sessionId — the only place a card number is typed. Responses carry their
// own CSP; the request body (with the card number) is parsed, used and dropped.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readPaymentForm, type KeptFields } from "./card-form";
import type { Emulator, RequestInfo } from "./context";
import { renderNoticePage, renderPaymentPage } from "./hosted-page";
import { BodyTooLargeError, readBody, send } from "./http";
import { applyDueTransitions } from "./lifecycle";
import { payCheckoutSession, successRedirect } from "./payment-flow";
import type { SessionRecord } from "./store";

function pageHeaders(nonce: string, formOrigins: string[]): Record<string, string> {
  const formAction = formOrigins.length ? `'self' ${formOrigins.join(" ")}` : "'none'";
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
  };
}

const originOf = (url: string): string[] => {
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
};

function initialFields(record: SessionRecord): KeptFields {
  return {
    email: record.session.customer_email ?? "",
    expiry: "",
    name: "",
    line1: "",
    city: "",
    postalCode: "",
    country: "US",
  };
}

function renderClosed(res: ServerResponse, record: SessionRecord, nonce: string): void {
  const { session } = record;
  if (session.status === "complete") {
    const html = renderNoticePage(
      "This payment is complete",
      "This checkout has already been paid. Nothing more is needed.",
      nonce,
      {
        href: successRedirect(record),
        text: "Return to the store",
      },
    );
    send(res, 200, html, pageHeaders(nonce, []));
    return;
  }
  const back = session.cancel_url ? { href: session.cancel_url, text: "Return to the store" } : undefined;
  const html = renderNoticePage(
    "This checkout has expired",
    "This checkout is no longer available. Return to the store to start again.",
    nonce,
    back,
  );
  send(res, 410, html, pageHeaders(nonce, []));
}

export async function handleHostedPage(
  em: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  sessionId: string,
  requestId: string,
): Promise<void> {
  const nonce = randomBytes(16).toString("base64");
  applyDueTransitions(em);
  const record = em.store.sessions.get(sessionId);
  if (!record) {
    send(
      res,
      404,
      renderNoticePage("Checkout not found", "This checkout link is not valid.", nonce),
      pageHeaders(nonce, []),
    );
    return;
  }
  if (record.session.status !== "open") return renderClosed(res, record, nonce);
  const headers = pageHeaders(nonce, originOf(record.session.success_url));

  if (req.method === "GET") {
    send(res, 200, renderPaymentPage(record, { kept: initialFields(record), errors: {} }, nonce), headers);
    return;
  }
  if (req.method !== "POST") {
    send(res, 405, "Method Not Allowed\n", {
      "Content-Type": "text/plain; charset=utf-8",
      Allow: "GET, POST",
    });
    return;
  }
  if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    send(res, 415, "The payment form must be sent as application/x-www-form-urlencoded.\n", {
      "Content-Type": "text/plain; charset=utf-8",
    });
    return;
  }
  let body: string;
  try {
    body = await readBody(req, 16_384);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    send(res, 413, "Payload Too Large\n", {
      "Content-Type": "text/plain; charset=utf-8",
    });
    return;
  }
  // The session may have changed while the body was arriving.
  if (record.session.status !== "open") return renderClosed(res, record, nonce);

  const result = readPaymentForm(new URLSearchParams(body), {
    now: new Date(em.clock.now() * 1000),
    addressRequired: record.session.billing_address_collection === "required",
    customerEmail: record.session.customer_email,
  });
  if (!result.ok) {
    send(res, 400, renderPaymentPage(record, { kept: result.kept, errors: result.errors }, nonce), headers);
    return;
  }
  const request: RequestInfo = { id: requestId, idempotencyKey: null };
  const outcome = payCheckoutSession(em, request, record, result.card, result.billing);
  if (!outcome.ok) {
    send(
      res,
      402,
      renderPaymentPage(record, { kept: result.kept, errors: {}, message: outcome.message }, nonce),
      headers,
    );
    return;
  }
  res.writeHead(303, {
    Location: outcome.redirectTo,
    "Cache-Control": "no-store",
    "Content-Length": "0",
  });
  res.end();
}
