// A fault injector for crash tests: an HTTP proxy between the store and the Stripe emulator that
// passes every request through except the first Checkout Session creation, which it stops at a
// chosen point and holds there until the test says what happens next:
// - "before-session": the request never reaches the emulator (no session exists), as when an
//   instance dies after creating the order but before the session;
// - "after-session": the emulator creates the session, and its answer is held back, as when an
//   instance dies after the session exists but before it saved the id.
// `reached` resolves at that point, so a test (or the scale suite, which SIGKILLs the instance
// there) acts at a precise moment without sleeping. Nothing in the store knows about it: the
// store is only given this proxy's URL as STRIPE_API_URL, so no fault hook exists in the product.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FaultPoint = "before-session" | "after-session";

export type FaultProxy = {
  url: string;
  /** Resolves when the held request reached the fault point (with the session id, if one exists). */
  reached: Promise<{ sessionId: string | null }>;
  /** Ends the held request: "answer" sends what the emulator said (after-session only), "drop" resets the connection. */
  release(how: "answer" | "drop"): void;
  close(): Promise<void>;
};

const FORWARDED = [
  "authorization",
  "content-type",
  "idempotency-key",
  "stripe-version",
  "user-agent",
  "x-stripe-client-user-agent",
];

async function forward(target: string, req: IncomingMessage, body: Buffer) {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) if (typeof req.headers[name] === "string") headers[name] = req.headers[name];
  const answer = await fetch(`${target}${req.url}`, {
    method: req.method,
    headers,
    body: req.method === "GET" ? undefined : body.toString("utf8"),
  });
  return {
    status: answer.status,
    contentType: answer.headers.get("content-type") ?? "application/json",
    text: await answer.text(),
  };
}

export async function startFaultProxy(emulatorUrl: string, point: FaultPoint): Promise<FaultProxy> {
  let held = false;
  let onReached!: (value: { sessionId: string | null }) => void;
  const reached = new Promise<{ sessionId: string | null }>((resolve) => (onReached = resolve));
  let pending: { res: ServerResponse; socket: Socket; answer: Awaited<ReturnType<typeof forward>> | null } | null =
    null;
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const isSessionCreate = req.method === "POST" && req.url?.split("?")[0] === "/v1/checkout/sessions";
        if (isSessionCreate && !held) {
          held = true;
          if (point === "before-session") {
            pending = { res, socket: req.socket, answer: null };
            onReached({ sessionId: null });
            return;
          }
          const answer = await forward(emulatorUrl, req, body);
          pending = { res, socket: req.socket, answer };
          onReached({ sessionId: (JSON.parse(answer.text) as { id?: string }).id ?? null });
          return;
        }
        try {
          const answer = await forward(emulatorUrl, req, body);
          res.writeHead(answer.status, { "Content-Type": answer.contentType }).end(answer.text);
        } catch {
          res.destroy();
        }
      })();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reached,
    release(how) {
      const p = pending;
      pending = null;
      if (!p) return;
      if (how === "answer" && p.answer)
        p.res.writeHead(p.answer.status, { "Content-Type": p.answer.contentType }).end(p.answer.text);
      else p.socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
