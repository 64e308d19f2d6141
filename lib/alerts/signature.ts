import { createHmac, timingSafeEqual } from "node:crypto";

// Alert webhooks are signed the way Stripe signs its webhooks, so receivers already know the
// scheme: `X-Store-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
// The timestamp is inside the signed text, so a captured request cannot be replayed after the
// tolerance window with a fresh `t`. docs/alerts-webhook.md shows a receiver.

export const SIGNATURE_HEADER = "X-Store-Signature";

/** The X-Store-Signature value for `body` sent at unix time `t` (seconds). */
export function signAlertPayload(secret: string, body: string, t: number): string {
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex");
  return `t=${t},v1=${v1}`;
}

/**
 * True when `header` carries a v1 signature of exactly `body` made with `secret`, at a time
 * within `toleranceSec` (default 300) of `nowSec` (default now). Compares in constant time; any
 * malformed header is false.
 */
export function verifyAlertSignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  { toleranceSec = 300, nowSec = Math.floor(Date.now() / 1000) }: { toleranceSec?: number; nowSec?: number } = {},
): boolean {
  if (!header || !secret) return false;
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (t === undefined || candidates.length === 0) return false;
  if (Math.abs(nowSec - t) > toleranceSec) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex"), "utf8");
  return candidates.some((c) => timingSafeEqual(Buffer.from(c, "utf8"), expected));
}
