// The production server: Next.js's request handler behind a plain Node HTTP server that shares
// the anonymous catalog pages between shoppers (lib/http/page-cache.ts) and sends Next's build
// assets Brotli-compressed (lib/http/static-brotli.ts). Everything else goes to Next unchanged.
// Run after `next build`:
//
//   npm run serve -- -p 3000 [-H 127.0.0.1]      (PORT and PAGE_CACHE_MS from the environment)
//
// The client address of every request is decided here, from the connection's TCP peer and the
// TRUSTED_PROXY_HOPS proxies' X-Forwarded-For entries (lib/net/client-ip.ts), and handed to the app
// in a header this server always overwrites: a client cannot choose its own address.
//
// On a miss the page is rendered by sending this server a loopback request marked with a random
// per-process token; only that request skips the cache, and the token never leaves the process.
//
// Every request gets a fresh random id here (never the client's X-Request-Id): the app's log
// lines and audit entries written while serving it carry it, and the response names it in
// X-Request-Id (lib/logging/request-scope.ts).
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzip } from "node:zlib";
import next from "next";
import type { ZodType } from "zod";
import { pageCacheMsSchema, trustedProxyHopsSchema } from "./lib/env";
import { guardRequests } from "./lib/http/request-guard";
import { logger } from "./lib/logging/logger";
import { REQUEST_ID_HEADER, newRequestId, withRequestId } from "./lib/logging/request-scope";
import { PAGE_CACHE_HEADER, PageCache, fromTemplate, pageCacheKey, type RenderedPage } from "./lib/http/page-cache";
import { CLIENT_ADDRESS_HEADER, clientAddressOfConnection, vouchForClientAddressHeader } from "./lib/net/client-ip";
import { BrotliAssets, acceptsBrotli, staticAssetFile } from "./lib/http/static-brotli";
import { newNonce, staticSecurityHeaders } from "./lib/security/headers";

const log = logger.child({ component: "server" });
const RENDER_HEADER = "x-store-page-render";
const RENDER_TIMEOUT_MS = 15_000;
const MAX_PAGE_BYTES = 2 * 1024 * 1024;

function option(flags: string[], fallback: string | undefined): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) if (flags.includes(args[i]!)) return args[i + 1];
  return fallback;
}

function setting<T>(schema: ZodType<T>, raw: string | undefined): T {
  const parsed = schema.safeParse(raw === "" ? undefined : raw);
  if (parsed.success) return parsed.data;
  log.fatal(`Invalid configuration: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  process.exit(1);
}

const port = Number(option(["-p", "--port"], process.env.PORT) ?? 3000);
const hostname = option(["-H", "--hostname"], undefined);
// --dev (npm run dev): Next's development server with hot reload, no build. The client address
// is decided here exactly as in production; the shared pages and Brotli assets are off.
const dev = process.argv.includes("--dev");
(process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? "development" : "production";

const trustedProxyHops = setting(trustedProxyHopsSchema, process.env.TRUSTED_PROXY_HOPS);
vouchForClientAddressHeader();
const cache = new PageCache({
  ttlMs: dev ? 0 : setting(pageCacheMsSchema, process.env.PAGE_CACHE_MS),
  maxBytes: 64 * 1024 * 1024,
  maxEntries: 5_000,
});
// The app clears it together with its catalog data cache (lib/catalog/cached.ts).
(globalThis as { storePageCache?: PageCache }).storePageCache = cache;
const renderToken = Buffer.from(randomBytes(32).toString("hex"));
// Renders are addressed to the store's own host, never to what a client put in Host.
const renderHost = URL.canParse(process.env.APP_URL ?? "") ? new URL(process.env.APP_URL!).host : "localhost";

// The same folder next.config.ts builds into.
const staticDir = join(process.env.NEXT_DIST_DIR ?? ".next", "static");
const assets = new BrotliAssets(staticDir);
const assetHeaders = {
  ...staticSecurityHeaders({ production: process.env.NODE_ENV === "production" }),
  "Cache-Control": "public, max-age=31536000, immutable",
  Vary: "Accept-Encoding",
};

const app = next({ dev, dir: process.cwd(), hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();

/** Where this server reaches itself: loopback when it listens on every address. */
function selfAddress(self: AddressInfo): string {
  return self.address === "::" || self.address === "0.0.0.0" ? "127.0.0.1" : self.address;
}

function isInternalRender(req: IncomingMessage, self: AddressInfo): boolean {
  const value = req.headers[RENDER_HEADER];
  if (typeof value !== "string" || value.length !== renderToken.length) return false;
  const from = req.socket.remoteAddress?.replace(/^::ffff:/, "");
  return from === selfAddress(self) && timingSafeEqual(Buffer.from(value), renderToken);
}

/** Renders a catalog page through this same server, as an anonymous GET with no cookies. */
function renderPage(path: string, self: AddressInfo): Promise<RenderedPage> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: selfAddress(self),
        port: self.port,
        path,
        method: "GET",
        timeout: RENDER_TIMEOUT_MS,
        headers: {
          host: renderHost,
          "accept-encoding": "identity",
          "user-agent": "secure-store-page-cache",
          [RENDER_HEADER]: renderToken.toString(),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_PAGE_BYTES) req.destroy(new Error(`page ${path} is larger than ${MAX_PAGE_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`rendering ${path} took longer than ${RENDER_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end();
  });
}

async function serveShared(
  key: string,
  req: IncomingMessage,
  res: ServerResponse,
  self: AddressInfo,
): Promise<boolean> {
  let template = cache.get(key);
  let state = "hit";
  if (template === undefined) {
    template = await cache.fill(key, () => renderPage(key, self));
    state = "miss";
  }
  if (!template) return false;
  const copy = fromTemplate(template, newNonce());
  for (const [name, value] of copy.headers) res.setHeader(name, value);
  res.setHeader(PAGE_CACHE_HEADER, state);
  let body = copy.body;
  if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
    body = await new Promise<Buffer>((resolve, reject) =>
      gzip(copy.body, (error, zipped) => (error ? reject(error) : resolve(zipped))),
    );
    res.setHeader("content-encoding", "gzip");
    if (!/accept-encoding/i.test(String(res.getHeader("vary") ?? ""))) res.appendHeader("vary", "Accept-Encoding");
  }
  res.setHeader("content-length", body.length);
  res.statusCode = 200;
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}

async function serveAsset(file: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const asset = await assets.get(file);
  if (!asset) return false;
  res.writeHead(200, {
    ...assetHeaders,
    "Content-Type": asset.contentType,
    "Content-Encoding": "br",
    "Content-Length": asset.body.length,
  });
  res.end(req.method === "HEAD" ? undefined : asset.body);
  return true;
}

/** Runs one of this server's own answers; when it declines or fails, Next answers instead. */
function orNext(what: string, attempt: Promise<boolean>, req: IncomingMessage, res: ServerResponse): void {
  attempt.then(
    (served) => {
      if (!served) void handle(req, res);
    },
    (error: unknown) => {
      log.error({ err: error }, `${what}: answered by Next instead`);
      if (!res.headersSent) void handle(req, res);
      else res.destroy();
    },
  );
}

await app.prepare();
// Cross-origin or malformed server actions (403) and oversized bodies (413) never reach Next.
const guarded = guardRequests(
  {
    appUrl: process.env.APP_URL,
    production: process.env.NODE_ENV === "production",
    log: logger.child({ component: "request-guard" }),
  },
  (req, res) => {
    const self = server.address() as AddressInfo;
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOfConnection({
      headers: req.headers,
      socketIp: req.socket.remoteAddress,
      trustedProxyHops,
    });
    if (isInternalRender(req, self)) {
      delete req.headers[RENDER_HEADER];
      void handle(req, res);
      return;
    }
    delete req.headers[RENDER_HEADER];
    const asset =
      !dev && (req.method === "GET" || req.method === "HEAD") && acceptsBrotli(req.headers["accept-encoding"])
        ? staticAssetFile(staticDir, req.url)
        : null;
    if (asset) return orNext("brotli asset", serveAsset(asset, req, res), req, res);
    const key = cache.enabled ? pageCacheKey(req.method, req.url, req.headers) : null;
    if (key) return orNext(`shared page ${key}`, serveShared(key, req, res, self), req, res);
    void handle(req, res);
  },
);
const server = createServer((req, res) => {
  const requestId = newRequestId();
  // Overwritten, like the client address: inside the app the header is this server's word.
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  withRequestId(requestId, () => guarded(req, res));
});
server.listen(port, hostname, () => {
  const { address, port: bound } = server.address() as AddressInfo;
  log.info(
    `Store listening on http://${hostname ?? (address === "::" || address === "0.0.0.0" ? "localhost" : address)}:${bound} (shared catalog pages: ${cache.enabled ? "on" : "off"})`,
  );
});

const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
