// The JSON API pipeline shared by /v1/* and /_emulator/*: authentication, form parsing,
// due transitions, idempotency, routing, expansion and Stripe's response headers.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiRouter, Emulator, RequestInfo } from "./context";
import { ApiError, authenticationError, internalError, invalidRequest, unrecognizedUrl } from "./errors";
import { expand } from "./expand";
import { parseForm, type FormObject } from "./form-encoding";
import { bearerToken, BodyTooLargeError, readBody, sendJson } from "./http";
import { type IdempotencyCache, requestFingerprint, type SavedResponse } from "./idempotency";
import { applyDueTransitions } from "./lifecycle";
import { expandList } from "./params";

export interface ApiDeps {
  em: Emulator;
  router: ApiRouter;
  apiKey: string;
  publicPaths: Set<string>;
  idempotency: IdempotencyCache;
  log: (line: string) => void;
}

async function readParams(req: IncomingMessage, url: URL): Promise<FormObject> {
  const query = parseForm(url.search.slice(1));
  if (req.method !== "POST") return query;
  const type = req.headers["content-type"] ?? "";
  const text = await readBody(req);
  if (text !== "" && !type.startsWith("application/x-www-form-urlencoded")) {
    throw new ApiError(
      400,
      {
        type: "invalid_request_error",
        message: `Invalid request: unsupported Content-Type ${type || "(none)"}. Stripe's API takes application/x-www-form-urlencoded bodies.`,
      },
      false,
    );
  }
  return { ...query, ...parseForm(text) };
}

async function execute(
  deps: ApiDeps,
  req: IncomingMessage,
  url: URL,
  request: RequestInfo,
): Promise<SavedResponse & { replayed?: boolean }> {
  const { em } = deps;
  const method = req.method ?? "GET";
  const match = deps.router.match(method, url.pathname);
  if (!deps.publicPaths.has(url.pathname)) {
    const key = bearerToken(req);
    if (key !== deps.apiKey) throw authenticationError(key);
  }
  if (!match || "methodNotAllowed" in match) throw unrecognizedUrl(method, url.pathname);
  const params = await readParams(req, url);
  applyDueTransitions(em);

  const key = request.idempotencyKey;
  const fingerprint = requestFingerprint(method, url.pathname, params);
  if (key) {
    const found = deps.idempotency.lookup(key, fingerprint);
    if (found.kind === "replay") return { ...found.response, replayed: true };
  }
  let response: SavedResponse;
  try {
    const result = await match.handler({
      em,
      request,
      params,
      path: match.params,
    });
    response = { status: 200, body: expand(em, result, expandList(params)) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (key && error.saveIdempotent && error.status < 500)
      deps.idempotency.save(key, fingerprint, {
        status: error.status,
        body: error.toJSON(),
      });
    throw error;
  }
  if (key) deps.idempotency.save(key, fingerprint, response);
  return response;
}

export async function handleApi(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): Promise<void> {
  const idempotencyHeader = req.headers["idempotency-key"];
  const idempotencyKey =
    req.method === "POST" && url.pathname.startsWith("/v1/") && typeof idempotencyHeader === "string"
      ? idempotencyHeader
      : null;
  const versionHeader = req.headers["stripe-version"];
  const headers: Record<string, string> = {
    "Request-Id": requestId,
    "Stripe-Version": typeof versionHeader === "string" ? versionHeader : deps.em.apiVersion,
  };
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;

  let status: number;
  let body: unknown;
  try {
    const response = await execute(deps, req, url, {
      id: requestId,
      idempotencyKey,
    });
    status = response.status;
    body = response.body;
    if (response.replayed) headers["Idempotent-Replayed"] = "true";
  } catch (error) {
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = error;
    else if (error instanceof BodyTooLargeError) apiError = invalidRequest("Request body too large.", { status: 413 });
    else {
      deps.log(
        `internal error on ${req.method} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      apiError = internalError();
    }
    status = apiError.status;
    body = apiError.toJSON();
    if (status >= 400 && status < 500) headers["Stripe-Should-Retry"] = "false";
  }
  sendJson(res, status, body, headers);
  deps.log(`${req.method} ${url.pathname} → ${status}${headers["Idempotent-Replayed"] ? " (replayed)" : ""}`);
}
