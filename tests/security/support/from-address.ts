import { request } from "node:http";

// HTTP from a chosen loopback source address (127.0.0.2, 127.0.0.3, …): on Linux the whole
// 127.0.0.0/8 is this machine, so each address is a distinct client whose address the server
// reads from the socket, which no header can change.
export type Answer = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

export function fromAddress(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? "GET", headers: init.headers, localAddress, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${url} from ${localAddress}: no answer in 30 s`)));
    req.on("error", reject);
    req.end(init.body);
  });
}
