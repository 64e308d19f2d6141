// The request a piece of work belongs to. server.ts gives every request it receives a fresh
// random id and runs Next's handler inside withRequestId(), so every log line (lib/logging/logger.ts)
// and audit entry (lib/audit/log.ts) written while serving it carries that id, and the response
// names it in X-Request-Id. A client's own X-Request-Id is never believed: server.ts overwrites it.
//
// The storage lives on a global symbol, because server.ts and Next's compiled bundles load
// separate copies of this module (as lib/net/client-ip.ts's mark does).
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** The response (and, inside the app, request) header that carries the id. */
export const REQUEST_ID_HEADER = "x-request-id";

type RequestScope = { requestId: string };

const STORAGE = Symbol.for("secure-store.request-scope");
const holder = globalThis as { [STORAGE]?: AsyncLocalStorage<RequestScope> };
const storage = (holder[STORAGE] ??= new AsyncLocalStorage<RequestScope>());

export function newRequestId(): string {
  return randomUUID();
}

/** Runs `work` (and everything it starts) as part of request `requestId`. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/** The id of the request being served, or undefined outside one (scheduled jobs, scripts). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
