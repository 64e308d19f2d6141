// Webhook delivery: each event POSTed as JSON with Stripe's `Stripe-Signature` header, in
// creation order per object, retried with backoff on a non-2xx answer or a network error.
import { createHmac } from "node:crypto";
import type { StripeEvent } from "./types";

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000];

/** `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>` — what stripe.webhooks.constructEvent checks. */
function signatureHeader(secret: string, payload: string, timestamp: number): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

interface DeliveryAttempt {
  /** Wall-clock milliseconds. */
  at: number;
  status: number | null;
  error: string | null;
}

export interface Delivery {
  eventId: string;
  type: string;
  objectId: string;
  status: "pending" | "delivered" | "failed";
  attempts: DeliveryAttempt[];
}

export interface WebhookConfig {
  url?: string;
  secret?: string;
  retryDelaysMs: number[];
  timeoutMs: number;
  onDelivered: (eventId: string) => void;
  log: (line: string) => void;
}

interface Queued {
  delivery: Delivery;
  payload: string;
}

export class WebhookDispatcher {
  private readonly queues = new Map<string, Queued[]>();
  private readonly workers = new Set<Promise<void>>();
  private readonly all: Delivery[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private readonly timers = new Set<{
    timer: NodeJS.Timeout;
    wake: () => void;
  }>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly config: WebhookConfig) {}

  get endpoint(): string | undefined {
    return this.config.url;
  }

  enqueue(event: StripeEvent): void {
    if (!this.config.url || this.closed) return;
    const objectId = event.data.object.id;
    const delivery: Delivery = {
      eventId: event.id,
      type: event.type,
      objectId,
      status: "pending",
      attempts: [],
    };
    this.all.push(delivery);
    const queue = this.queues.get(objectId);
    const item = { delivery, payload: JSON.stringify(event, null, 2) };
    if (queue) {
      queue.push(item);
      return;
    }
    this.queues.set(objectId, [item]);
    const worker = this.drain(objectId).finally(() => {
      this.workers.delete(worker);
      this.notifyIfIdle();
    });
    this.workers.add(worker);
  }

  /** Resolves once every queued event has been delivered or has used up its retries. */
  idle(): Promise<void> {
    if (this.pending() === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  pending(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  deliveries(): Delivery[] {
    return structuredClone(this.all);
  }

  delivery(eventId: string): Delivery | undefined {
    return this.all.find((d) => d.eventId === eventId);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.wake();
    }
    await Promise.allSettled([...this.workers]);
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (this.pending() !== 0 && !this.closed) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async drain(objectId: string): Promise<void> {
    const queue = this.queues.get(objectId) ?? [];
    while (queue.length > 0 && !this.closed) {
      const head = queue[0] as Queued;
      await this.deliverWithRetries(head);
      queue.shift();
    }
    this.queues.delete(objectId);
  }

  private async deliverWithRetries({ delivery, payload }: Queued): Promise<void> {
    for (let retry = 0; !this.closed; retry++) {
      if (await this.attempt(delivery, payload)) {
        delivery.status = "delivered";
        this.config.onDelivered(delivery.eventId);
        return;
      }
      const delay = this.config.retryDelaysMs[retry];
      if (delay === undefined) break;
      await this.sleep(delay);
    }
    delivery.status = "failed";
  }

  private async attempt(delivery: Delivery, payload: string): Promise<boolean> {
    const url = this.config.url;
    if (!url) return false;
    const record: DeliveryAttempt = {
      at: Date.now(),
      status: null,
      error: null,
    };
    delivery.attempts.push(record);
    try {
      const response = await fetch(url, {
        method: "POST",
        body: payload,
        redirect: "manual",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signatureHeader(this.config.secret ?? "", payload, Math.floor(Date.now() / 1000)),
        },
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.config.timeoutMs)]),
      });
      record.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      this.config.log(`webhook ${delivery.type} ${delivery.eventId} → ${response.status}${ok ? "" : " (will retry)"}`);
      return ok;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      this.config.log(`webhook ${delivery.type} ${delivery.eventId} → ${record.error}`);
      return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.timers.add(entry);
    });
  }
}
