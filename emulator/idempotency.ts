// Idempotency-Key on POST: the same key with the same request replays the first response;
// the same key with a different request is refused. Keys are kept for 24 hours, as on Stripe.
import { DAY, type Clock } from "./clock";
import { idempotencyMismatch, paramError } from "./errors";

export interface SavedResponse {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  response: SavedResponse;
  savedAt: number;
}

export type Lookup = { kind: "miss" } | { kind: "replay"; response: SavedResponse };

/** Order-insensitive serialization so equal parameters give equal fingerprints. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export const requestFingerprint = (method: string, path: string, params: unknown): string =>
  `${method} ${path} ${stable(params)}`;

export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  lookup(key: string, fingerprint: string): Lookup {
    if (key.length > 255)
      throw paramError(
        "idempotency_key_too_long",
        "Idempotency keys can be at most 255 characters long.",
        "Idempotency-Key",
      );
    const entry = this.entries.get(key);
    if (!entry || entry.savedAt + DAY <= this.clock.now()) {
      this.entries.delete(key);
      return { kind: "miss" };
    }
    if (entry.fingerprint !== fingerprint) throw idempotencyMismatch(key);
    return { kind: "replay", response: entry.response };
  }

  save(key: string, fingerprint: string, response: SavedResponse): void {
    this.entries.set(key, {
      fingerprint,
      response: structuredClone(response),
      savedAt: this.clock.now(),
    });
  }
}
