import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UPLOAD_BODY_BYTES } from "@/lib/catalog/images/widths";
import { MAX_BODY_BYTES, guardRequests, refusal, type RequestFacts } from "@/lib/http/request-guard";
import { logger } from "@/lib/logging/logger";
import { loggedLines } from "../../support/logs";

const APP = "https://shop.example.com";
const ID = "7f".repeat(21);
const action = (headers: RequestFacts["headers"], url = "/cart", method = "POST"): RequestFacts => ({
  method,
  url,
  headers: { "next-action": ID, origin: APP, ...headers },
});

describe("refusal (the decision from the request line and headers)", () => {
  it("lets the store's own server actions, pages and route handlers through", () => {
    expect(refusal(action({}), APP)).toBeNull();
    expect(
      refusal(
        {
          method: "POST",
          url: "/checkout",
          headers: { origin: APP, "content-type": "multipart/form-data; boundary=x" },
        },
        APP,
      ),
    ).toBeNull();
    expect(
      refusal({ method: "GET", url: "/product/chef-knife", headers: { origin: "https://evil.example" } }, APP),
    ).toBeNull();
    // Route handlers are not server actions: Stripe sends no Origin, next-auth checks its own token.
    expect(
      refusal({ method: "POST", url: "/api/webhooks/stripe", headers: { "content-length": "900" } }, APP),
    ).toBeNull();
    expect(refusal({ method: "POST", url: "/api/auth/callback/credentials?x=1", headers: {} }, APP)).toBeNull();
  });

  it("refuses a server action from any other origin, or from none, whatever Host says (403)", () => {
    for (const origin of [
      "https://evil.example",
      "http://shop.example.com",
      "https://shop.example.com:8443",
      "https://shop.example.com.evil.example",
      "null",
    ]) {
      const refused = refusal(action({ origin, host: new URL(origin === "null" ? APP : origin).host }), APP);
      expect(refused?.status, origin).toBe(403);
      expect(refused?.reason, origin).toContain("server action from");
    }
    expect(refusal(action({ origin: undefined }), APP)?.status).toBe(403);
    // A no-JavaScript form post to a page is a server action too (Next decodes it from the body).
    expect(
      refusal(
        {
          method: "POST",
          url: "/admin/orders/x",
          headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
        },
        APP,
      )?.status,
    ).toBe(403);
  });

  it("refuses a malformed action id, or one on anything but a POST (403)", () => {
    for (const id of ["", "0".repeat(40), "0".repeat(43), "G".repeat(42), `${"0".repeat(41)}\n`, "' OR 1=1 --"]) {
      expect(refusal(action({ "next-action": id }), APP), JSON.stringify(id)).toEqual({
        status: 403,
        reason: "a malformed server action",
      });
    }
    expect(refusal(action({}, "/cart", "GET"), APP)?.status).toBe(403);
    expect(
      refusal({ method: "POST", url: "/cart", headers: { origin: APP, "next-action": [ID, ID] } }, APP)?.status,
    ).toBe(403);
  });

  it("refuses a declared body over the limit before anything is read (413), on every path", () => {
    expect(refusal(action({ "content-length": String(MAX_BODY_BYTES) }), APP)).toBeNull();
    expect(refusal(action({ "content-length": String(MAX_BODY_BYTES + 1) }), APP)?.status).toBe(413);
    expect(
      refusal(
        { method: "POST", url: "/api/webhooks/stripe", headers: { "content-length": String(10 * 1024 * 1024) } },
        APP,
      )?.status,
    ).toBe(413);
  });

  it("lets a product's admin page (the picture upload) take UPLOAD_BODY_BYTES, and no other path", () => {
    const upload = (length: number, url = "/admin/products/cm1abc") =>
      refusal(action({ "content-length": String(length) }, url), APP);
    expect(upload(UPLOAD_BODY_BYTES)).toBeNull();
    expect(upload(UPLOAD_BODY_BYTES + 1)?.status).toBe(413);
    for (const url of [
      "/admin/products/new/x",
      "/admin/products",
      "/admin/products/x/../../cart",
      "/cart",
      "/api/webhooks/stripe",
    ])
      expect(upload(MAX_BODY_BYTES + 1, url)?.status, url).toBe(413);
    expect(
      refusal(
        { method: "GET", url: "/admin/products/cm1abc", headers: { "content-length": String(MAX_BODY_BYTES + 1) } },
        APP,
      )?.status,
    ).toBe(413);
  });
});

describe("guardRequests in front of a real HTTP server", () => {
  let server: Server;
  let port: number;
  const reached: { url: string | undefined; body: string }[] = [];
  const refusals = () => loggedLines().filter((line) => line.msg === "request refused before Next");

  beforeAll(async () => {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        reached.push({ url: req.url, body: Buffer.concat(chunks).toString() });
        res.end("handled");
      });
    };
    server = createServer(guardRequests({ appUrl: `${APP}/`, production: true, log: logger }, handler));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => {
    reached.length = 0;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  /** Sends a request, the body in the given chunks (chunked transfer unless contentLength is set). */
  function send(
    path: string,
    headers: Record<string, string>,
    chunks: Buffer[] = [],
  ): Promise<{ status: number; body: string; headers: IncomingMessage["headers"] }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method: "POST", headers, agent: false }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), headers: res.headers }),
        );
      });
      req.on("error", reject);
      const write = (i: number): void => {
        if (i === chunks.length || req.destroyed) return void req.end();
        // One chunk per tick, so the server sees the body grow as it streams.
        if (req.write(chunks[i]!)) setImmediate(() => write(i + 1));
        else req.once("drain", () => write(i + 1));
      };
      write(0);
    });
  }

  it("passes a chunked body within the limit to the handler exactly as sent", async () => {
    const parts = ["a=1&", "b=".padEnd(300_000, "x"), "&c=3"].map((s) => Buffer.from(s));
    const answer = await send("/cart", { "next-action": ID, origin: APP, "transfer-encoding": "chunked" }, parts);
    expect(answer).toMatchObject({ status: 200, body: "handled" });
    expect(reached).toEqual([{ url: "/cart", body: Buffer.concat(parts).toString() }]);
  });

  it("answers 413 to a chunked body that grows past the limit, and the handler never sees it", async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const answer = await send(
      "/cart",
      { "next-action": ID, origin: APP, "transfer-encoding": "chunked" },
      Array.from({ length: 40 }, () => chunk),
    ).catch((error: unknown) => ({ status: -1, body: String(error), headers: {} }));
    expect(answer.status).toBe(413);
    expect(answer.body).toBe("Request body too large.\n");
    expect(reached).toEqual([]);
    expect(refusals()).toEqual([
      expect.objectContaining({
        level: 40,
        status: 413,
        method: "POST",
        path: "/cart",
        reason: expect.stringMatching(/^a chunked body past/) as unknown,
      }),
    ]);
  });

  it("answers 413 to a declared 10 MB body the client goes on sending, without resetting the connection", async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const answer = await send(
      "/checkout",
      { "next-action": ID, origin: APP, "content-length": String(10 * chunk.length) },
      Array.from({ length: 10 }, () => chunk),
    );
    expect(answer).toMatchObject({ status: 413, body: "Request body too large.\n" });
    expect(reached).toEqual([]);
  });

  it("answers 413 from Content-Length and 403 to a cross-origin action, with hardening headers and no stack", async () => {
    const big = await send("/search", { "content-length": String(MAX_BODY_BYTES + 1) });
    expect(big.status).toBe(413);
    const evil = await send(
      "/admin/orders/x",
      { "next-action": ID, origin: "https://evil.example", "content-length": "2" },
      [Buffer.from("[]")],
    );
    expect(evil).toMatchObject({ status: 403, body: "Forbidden.\n" });
    expect(evil.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    });
    expect(evil.headers["strict-transport-security"]).toMatch(/max-age=/);
    expect(reached).toEqual([]);
    expect(refusals().map(({ status, method, path, reason }) => ({ status, method, path, reason }))).toEqual([
      { status: 413, method: "POST", path: "/search", reason: "a body of 1048577 bytes (limit 1048576)" },
      { status: 403, method: "POST", path: "/admin/orders/x", reason: "a server action from https://evil.example" },
    ]);
  });

  it("refuses to start without a parsable APP_URL", () => {
    expect(() => guardRequests({ appUrl: undefined, production: true, log: logger }, () => undefined)).toThrow(
      /APP_URL/,
    );
    expect(() => guardRequests({ appUrl: "shop", production: true, log: logger }, () => undefined)).toThrow(/APP_URL/);
  });
});
