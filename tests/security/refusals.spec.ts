import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { actionId, actionRequest } from "../../bench/lib/actions";
import { port, query } from "./support/server";

// Requests the server refuses before Next.js sees them (lib/http/request-guard.ts, hooked into
// server.ts): a server action from another origin, from no origin or with a malformed id gets a
// plain 403; a body past the limit gets 413, declared or streamed. Each attack is tried against
// a real action (add to cart), changes nothing, and leaves one warning line in the server log,
// never Next's error and stack trace. The same request from the store's own origin works.

const ORIGIN = `http://localhost:${port}`;
const LOG = `.data/e2e-${port}.log`;
const ADD_TO_CART = actionId(process.env.NEXT_DIST_DIR ?? ".next", "app/(shop)/cart/actions.ts", "addToCartAction");
const productId = () => query<{ id: string }>(`SELECT id FROM Product WHERE slug = 'chef-knife'`)[0]!.id;
const carts = () =>
  query<{ carts: number; items: number }>(
    `SELECT (SELECT COUNT(*) FROM Cart) AS carts, (SELECT COUNT(*) FROM CartItem) AS items`,
  )[0]!;

/** An add-to-cart action exactly as the browser posts it, with `headers` changed. */
async function addToCart(request: APIRequestContext, headers: Record<string, string>, body?: string) {
  // A fresh one-time key per submission (lib/cart/request-keys.ts), as the product page renders.
  const form = actionRequest({
    productId: productId(),
    quantity: "1",
    requestKey: randomBytes(16).toString("base64url"),
  });
  return request.post("/product/chef-knife", {
    headers: {
      "Next-Action": ADD_TO_CART,
      Origin: ORIGIN,
      "Content-Type": form.contentType,
      Accept: "text/x-component",
      ...headers,
    },
    data: body ?? form.body,
    maxRedirects: 0,
  });
}

/** What the server logged while `attack` ran, once its `refusals` warning lines are in. */
async function logDuring(refusals: number, attack: () => Promise<void>): Promise<string> {
  const from = statSync(LOG).size;
  await attack();
  const since = () => readFileSync(LOG).subarray(from).toString();
  // The log reaches the file through e2e-server's pipe: wait for the lines rather than a time.
  await expect.poll(() => since().split('"component":"request-guard"').length - 1, { timeout: 5_000 }).toBe(refusals);
  return since();
}

function expectNoStack(log: string) {
  expect(log).not.toMatch(/\n\s+at |Invalid Server Actions request|Body exceeded|does not match `origin`|⨯/);
}

test("a cross-origin, origin-less or malformed server action gets 403 and changes nothing; the store's own origin works", async ({
  request,
}) => {
  const before = carts();
  const log = await logDuring(9, async () => {
    const attacks: Record<string, string>[] = [
      { Origin: "https://evil.example" },
      { Origin: "null" },
      { Origin: "https://evil.example", Host: `localhost:${port}`, "X-Forwarded-Host": "evil.example" },
      { Origin: `http://127.0.0.1:${port}` },
      { Origin: "" },
      { "Next-Action": "' OR 1=1 --" },
      { "Next-Action": "0".repeat(40) },
      { "Next-Action": ADD_TO_CART.toUpperCase() },
    ];
    for (const headers of attacks) {
      const response = await addToCart(request, headers);
      expect(response.status(), JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toBe("Forbidden.\n");
      expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    }
    // A no-JavaScript form post from another site (no Next-Action header) is an action too.
    const form = await request.post("/product/chef-knife", {
      headers: { Origin: "https://evil.example" },
      form: { productId: productId(), quantity: "1" },
      maxRedirects: 0,
    });
    expect(form.status()).toBe(403);
  });
  expect(carts()).toEqual(before);
  expect(log).toContain(
    '"status":403,"method":"POST","path":"/product/chef-knife","reason":"a server action from https://evil.example"',
  );
  expect(log).toContain("a malformed server action");
  expectNoStack(log);

  // Control: the same action from the store's own origin adds the item.
  const ok = await addToCart(request, {});
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toContain("Added to your cart");
  expect(carts().items).toBe(before.items + 1);
});

test("a 10 MB form post gets 413, declared or streamed, and Next never reads it; the webhook keeps its own limit", async ({
  request,
}) => {
  const before = carts();
  const tenMegabytes = "x".repeat(10 * 1024 * 1024);
  const log = await logDuring(3, async () => {
    const declared = await addToCart(request, {}, tenMegabytes);
    expect(declared.status()).toBe(413);
    expect(await declared.text()).toBe("Request body too large.\n");

    // Chunked, with no Content-Length: counted as it streams, refused once past the limit.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port,
          path: "/product/chef-knife",
          method: "POST",
          headers: {
            "Next-Action": ADD_TO_CART,
            Origin: ORIGIN,
            "Content-Type": "text/plain",
            "Transfer-Encoding": "chunked",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on("error", reject);
      const chunk = Buffer.alloc(64 * 1024, 0x78);
      const write = (left: number): void => {
        if (left === 0 || req.destroyed) return void (req.destroyed || req.end());
        if (req.write(chunk)) setImmediate(() => write(left - 1));
        else req.once("drain", () => write(left - 1));
      };
      write(160);
    });
    expect(streamed).toBe(413);

    // Route handlers keep working under their own, smaller limit (the webhook's 512 KB: 400) ...
    const webhook = await request.post("/api/webhooks/stripe", {
      data: "x".repeat(600 * 1024),
      headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00" },
    });
    expect(webhook.status()).toBe(400);
    // ... and past the store's limit they are refused before being read.
    const huge = await request.post("/api/webhooks/stripe", {
      data: tenMegabytes,
      headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00" },
    });
    expect(huge.status()).toBe(413);
  });
  expect(carts()).toEqual(before);
  expect(log).toContain('"status":413,"method":"POST","path":"/product/chef-knife","reason":"a body of 10485760 bytes');
  expect(log).toContain('"status":413,"method":"POST","path":"/product/chef-knife","reason":"a chunked body past');
  expectNoStack(log);
});
