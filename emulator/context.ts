// What every operation needs: state, time, the event log and static configuration.
import type { Clock } from "./clock";
import type { EventLog } from "./events";
import type { FormObject } from "./form-encoding";
import type { PathParams, Router } from "./router";
import type { Store } from "./store";
import type { WebhookDispatcher } from "./webhooks";

/** The API request that caused a change; null for changes made by time passing. */
export interface RequestInfo {
  id: string | null;
  idempotencyKey: string | null;
}

export const NO_REQUEST: RequestInfo = { id: null, idempotencyKey: null };

export interface Emulator {
  store: Store;
  clock: Clock;
  events: EventLog;
  webhooks: WebhookDispatcher;
  /** Origin the hosted payment page is served from, e.g. http://localhost:12111. */
  publicUrl: string;
  /** HMAC key for card fingerprints. */
  fingerprintKey: string;
  apiVersion: string;
}

/** One parsed JSON API call, as handed to a route handler. */
interface ApiCall {
  em: Emulator;
  request: RequestInfo;
  /** Query string and form body merged (body wins). */
  params: FormObject;
  path: PathParams;
}

/** Returns the response object (expanded afterwards per `expand[]`) or throws an ApiError. */
export type ApiHandler = (call: ApiCall) => unknown;
export type ApiRouter = Router<ApiHandler>;
