// A small TLS-terminating reverse proxy on Node's own `https` module, for trying the store (and
// the Stripe emulator's payment page) over HTTPS on one machine: what nginx or a load balancer
// does in front of a real deployment. It appends the peer to X-Forwarded-For (the store trusts
// it with TRUSTED_PROXY_HOPS=1) and can answer plain http with a redirect to https.
//
//   npx tsx scripts/tls-proxy.ts --cert cert.pem --key key.pem 8443:3000 8444:12111 [--redirect 8080:8443]
//
// A development and test tool: never run it in front of a real store.
import { readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export type Listening = { port: number; close(): Promise<void> };
const HOST = "127.0.0.1";

function listen(server: Server, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function forward(targetPort: number, req: IncomingMessage, res: ServerResponse): void {
  const peer = req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "";
  const prior = req.headers["x-forwarded-for"];
  const headers = {
    ...req.headers,
    "x-forwarded-for": prior ? `${String(prior)}, ${peer}` : peer,
    "x-forwarded-proto": "https",
  };
  const upstream = request({ host: HOST, port: targetPort, method: req.method, path: req.url, headers }, (answer) => {
    const { connection: _c, "keep-alive": _k, "transfer-encoding": _t, ...passed } = answer.headers;
    res.writeHead(answer.statusCode ?? 502, passed);
    answer.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" }).end("Bad gateway\n");
    else res.destroy();
  });
  req.pipe(upstream);
}

/** https://127.0.0.1:<port> in front of http://127.0.0.1:<targetPort> (port 0: any free port). */
export function startTlsProxy(options: {
  cert: Buffer | string;
  key: Buffer | string;
  port: number;
  targetPort: number;
}): Promise<Listening> {
  const server = createHttpsServer({ cert: options.cert, key: options.key }, (req, res) =>
    forward(options.targetPort, req, res),
  );
  return listen(server, options.port);
}

/** http://127.0.0.1:<port> answering every request with a 301 to the same path on https://<host>:<httpsPort>. */
export function startHttpsRedirect(options: { port: number; httpsPort: number }): Promise<Listening> {
  const server = createHttpServer((req, res) => {
    const host = (req.headers.host ?? HOST).replace(/:\d+$/, "");
    res
      .writeHead(301, { Location: `https://${host}:${options.httpsPort}${req.url ?? "/"}`, "Content-Length": 0 })
      .end();
  });
  return listen(server, options.port);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const cert = value("--cert");
  const key = value("--key");
  const redirect = value("--redirect");
  if (!cert || !key || args.length === 0) {
    console.error(
      "usage: tsx scripts/tls-proxy.ts --cert cert.pem --key key.pem <https port>:<http port>… [--redirect <http port>:<https port>]",
    );
    process.exit(1);
  }
  for (const pair of args) {
    const [from, to] = pair.split(":").map(Number);
    const proxy = await startTlsProxy({
      cert: readFileSync(cert),
      key: readFileSync(key),
      port: from!,
      targetPort: to!,
    });
    console.log(`https://${HOST}:${proxy.port} → http://${HOST}:${to}`);
  }
  if (redirect) {
    const [from, to] = redirect.split(":").map(Number);
    await startHttpsRedirect({ port: from!, httpsPort: to! });
    console.log(`http://${HOST}:${from} → https://…:${to}`);
  }
}
