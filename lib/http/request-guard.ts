// Refusals the production server (server.ts) makes before Next.js sees a request. Next answers a
// cross-origin server action and an oversized body by throwing, which becomes a 500 and a stack
// trace in the log; here they get a plain 403 or 413, and the request never reaches Next.
//
//   - A body larger than MAX_BODY_BYTES: 413, from Content-Length before anything is read, or
//     while a chunked body streams in (it is held until complete, so Next sees none of it). A POST
//     to a product's admin page, where the picture upload form is, may carry UPLOAD_BODY_BYTES
//     (a 5 MB picture); everything else keeps the 1 MB limit.
//   - A server action (a Next-Action header, or any POST to a page: Next runs no-JavaScript form
//     posts as actions too) whose Origin is not the store's own, APP_URL's. The Host header is the
//     client's to choose, so it decides nothing. Browsers send Origin on every POST; a request
//     without one is not a browser's and gets no action either.
//   - A Next-Action header that is not a server reference id (42 hex digits in Next 16), or on
//     anything but a POST: 403.
// Route handlers under /api/ are not server actions: the Stripe webhook (server to server, no
// Origin) verifies its signature and keeps its own smaller limit; next-auth checks its CSRF token;
// POST /api/cart/lines checks Origin and Sec-Fetch-Site itself (lib/http/same-origin.ts).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
// Relative, not "@/": next.config.ts imports this file too, before any path alias applies.
import { UPLOAD_BODY_BYTES } from "../catalog/images/widths";
import { staticSecurityHeaders } from "../security/headers";
import type { Logger } from "../logging/create-logger";

/** The largest request body the store reads, but for the picture upload (bodyLimit). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Where the product picture upload posts: the product's admin page (its server action). */
const UPLOAD_PAGE = /^\/admin\/products\/[A-Za-z0-9_-]{1,64}$/;

const ACTION_ID = /^[0-9a-f]{42}$/;
/** How long the unread rest of a refused request's body may keep arriving (nginx's lingering_time is 30 s). */
const LINGER_MS = 10_000;

export type RequestFacts = { method?: string; url?: string; headers: IncomingHttpHeaders };
export type Refusal = { status: 403 | 413; reason: string };

const pathOf = (url: string | undefined): string => (url ?? "/").split("?")[0]!;

/** Values a client chose, made safe for one log line. */
const clip = (value: string): string => value.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);

/** Whether Next would treat the request as a server action (or a POST to a page, which is one or nothing). */
function isServerAction(req: RequestFacts): boolean {
  return req.headers["next-action"] !== undefined || (req.method === "POST" && !pathOf(req.url).startsWith("/api/"));
}

/**
 * The largest body this request may carry. next.config.ts gives Next's own server-action limit
 * the larger value, so `next start` and `next dev` take an upload too; this server keeps every
 * other path to MAX_BODY_BYTES.
 */
function bodyLimit(req: RequestFacts): number {
  return req.method === "POST" && UPLOAD_PAGE.test(pathOf(req.url)) ? UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
}

/** Decides from the request line and headers alone whether to refuse, and with which status. */
export function refusal(req: RequestFacts, appOrigin: string): Refusal | null {
  const length = req.headers["content-length"];
  const limit = bodyLimit(req);
  if (length !== undefined && Number(length) > limit)
    return { status: 413, reason: `a body of ${clip(length)} bytes (limit ${limit})` };
  if (!isServerAction(req)) return null;
  const id = req.headers["next-action"];
  if (id !== undefined && (req.method !== "POST" || typeof id !== "string" || !ACTION_ID.test(id)))
    return { status: 403, reason: "a malformed server action" };
  const origin = req.headers.origin;
  if (origin !== appOrigin)
    return {
      status: 403,
      reason: origin === undefined ? "a server action without Origin" : `a server action from ${clip(origin)}`,
    };
  return null;
}

function refuse(req: IncomingMessage, res: ServerResponse, refused: Refusal, { production, log }: GuardOptions): void {
  log.warn(
    { status: refused.status, method: clip(req.method ?? "?"), path: clip(pathOf(req.url)), reason: refused.reason },
    "request refused before Next",
  );
  if (res.headersSent) return void res.destroy();
  res.writeHead(refused.status, {
    ...staticSecurityHeaders({ production }),
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
  });
  res.end(refused.status === 413 ? "Request body too large.\n" : "Forbidden.\n");
  // The answer goes out at once; the rest of the body is read and thrown away (Node does that
  // after the answer), so a client still sending it reads the answer instead of a reset
  // connection. A client that keeps sending longer than LINGER_MS is cut off.
  if (req.complete) return;
  const linger = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  const done = () => clearTimeout(linger);
  req.once("end", done).once("close", done);
}

/**
 * Holds a body sent without Content-Length (chunked) as it arrives, counting its bytes. Calls
 * `complete` once the whole body is in and within `limit`: the body is then put back into the
 * request, so whoever reads it next reads it as sent. Calls `tooLarge` as soon as it passes the limit,
 * and discards the rest.
 */
function holdBody(req: IncomingMessage, limit: number, complete: () => void, tooLarge: () => void): void {
  // Node's HTTP parser hands every body chunk to the request through push(), whether or not
  // anyone reads it yet; intercepting it there keeps every chunk away from Next until we decide.
  const push = req.push.bind(req);
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk !== null) {
      if (over) return true;
      // The parser pushes Buffers; a string could only come from another caller.
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(typeof chunk === "string" ? chunk : "", encoding);
      size += bytes.length;
      if (size <= limit) chunks.push(bytes);
      else {
        over = true;
        chunks.length = 0;
        tooLarge();
      }
      return true;
    }
    req.push = push;
    if (over) return push(null);
    complete();
    for (const bytes of chunks) push(bytes);
    return push(null);
  };
}

export type GuardOptions = {
  appUrl: string | undefined;
  production: boolean;
  /** Told about each refusal. Passed in (lib/logging/logger.ts from server.ts) rather than imported: next.config.ts loads this file too. */
  log: Pick<Logger, "warn">;
};

/**
 * Wraps server.ts's request handler: a refused request is answered here and never reaches it.
 * Throws at start when APP_URL is not a URL (the store's own origin is what actions are checked against).
 */
export function guardRequests(
  options: GuardOptions,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (!options.appUrl || !URL.canParse(options.appUrl))
    throw new Error("APP_URL must be the store's public URL, e.g. https://shop.example.com");
  const appOrigin = new URL(options.appUrl).origin;
  return (req, res) => {
    const refused = refusal(req, appOrigin);
    if (refused) return refuse(req, res, refused, options);
    if (req.headers["transfer-encoding"] === undefined) return handler(req, res);
    const limit = bodyLimit(req);
    holdBody(
      req,
      limit,
      () => handler(req, res),
      () => refuse(req, res, { status: 413, reason: `a chunked body past ${limit} bytes` }, options),
    );
  };
}
