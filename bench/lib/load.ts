// One autocannon run against a loopback URL, reduced to the figures the report needs.
import autocannon from "autocannon";
import { processCpuMs } from "./cpu";

export type LoadResult = {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  ok: number;
  /** Answered with a status that does not count as success. */
  non2xx: number;
  /** Answered with a 5xx status: the server failed (or refused to do the work). */
  server5xx: number;
  errors: number;
  seconds: number;
  /** The server's CPU time (ms, every thread) per answered request, when `cpuPid` was given and /proc is there. */
  cpuMsPerRequest?: number;
};

export type LoadOptions = {
  url: string;
  connections?: number;
  seconds?: number;
  /** A fixed number of requests instead of a duration. */
  amount?: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Which statuses count as success (default 2xx). */
  okStatus?: (status: number) => boolean;
  /** Called for every request: return the path (and optionally headers/body) to send. */
  setup?: (i: number) => { path?: string; headers?: Record<string, string>; body?: string | Buffer };
  /** The server's process id: its CPU time over the run is divided by the requests answered. */
  cpuPid?: number;
};

export async function load(options: LoadOptions): Promise<LoadResult> {
  let i = 0;
  // autocannon notices the end of a run only at its next one-second sample, so its duration (and
  // the time until it returns) is rounded up to whole seconds. The run lasts until the last answer.
  const cpuBefore = processCpuMs(options.cpuPid);
  const started = performance.now();
  let lastAnswer = started;
  const setup = options.setup;
  const opts: autocannon.Options = {
    url: options.url,
    connections: options.connections ?? 50,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    timeout: 10,
    method: options.method ?? "GET",
    headers: options.headers,
    body: options.body,
    requests: setup
      ? [
          {
            setupRequest: (req: autocannon.Request) => {
              const next = setup(i++);
              return {
                ...req,
                ...(next.path ? { path: next.path } : {}),
                ...(next.body !== undefined ? { body: next.body } : {}),
                headers: { ...req.headers, ...next.headers },
              };
            },
          },
        ]
      : undefined,
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(opts, (error: Error | null, r: autocannon.Result) =>
      error ? reject(error) : resolve(r),
    );
    instance.on("response", () => {
      lastAnswer = performance.now();
    });
  });
  const cpuAfter = processCpuMs(options.cpuPid);
  const seconds = Math.max(lastAnswer - started, 1) / 1000;
  const okStatus = options.okStatus;
  const ok = okStatus
    ? Object.entries(result.statusCodeStats).reduce(
        (n, [code, s]) => n + (okStatus(Number(code)) ? Number(s.count) : 0),
        0,
      )
    : result["2xx"];
  return {
    rps: Math.round((ok / seconds) * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    ok,
    non2xx: Math.max(0, result.requests.total - ok),
    server5xx: (result as autocannon.Result & { "5xx": number })["5xx"],
    errors: result.errors,
    seconds: Math.round(seconds * 100) / 100,
    ...(cpuBefore !== null && cpuAfter !== null && result.requests.total > 0
      ? { cpuMsPerRequest: Math.round(((cpuAfter - cpuBefore) / result.requests.total) * 100) / 100 }
      : {}),
  };
}
