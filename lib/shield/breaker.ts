import "server-only";
import { raiseAlert, type AlertDeps } from "@/lib/alerts";
import { appendAudit } from "@/lib/audit/log";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "shield" });

// The decline-ratio circuit breaker (docs/checkout-shield.md). Card testing shows up as a run
// of declined payment attempts across the whole store, whatever addresses the bot rotates
// through. The breaker looks at the store's latest `sample` card attempts made within
// `windowSec` (PaymentAttempt, recorded from the provider's events):
//   - it OPENS when declines > openRatio × sample (default: more than 6 of the last 20 within
//     15 minutes, i.e. more than 30%). Dividing by the sample size, not by the attempts present,
//     means a quiet store needs as many declines as a busy one before it opens;
//   - it CLOSES by itself once it has been open for minOpenSec and declines have fallen to at
//     most closeRatio × sample (default 3 of 20) — attempts older than the window no longer count,
//     so it closes once an attack stops.
// While open, every checkout start needs a solved proof-of-work challenge
// (lib/shield/checkout-challenge.ts) and faces stricter per-client limits (lib/checkout/start-limits.ts).
// Each change is one conditional update (so concurrent instances change it once), one audit
// entry (checkout.breaker.open / checkout.breaker.close: the history) and one alert to staff
// (dashboard, email, signed webhook).

export type BreakerSettings = {
  sample: number;
  windowSec: number;
  openRatio: number;
  closeRatio: number;
  minOpenSec: number;
};

export const BREAKER_DEFAULTS: Readonly<BreakerSettings> = Object.freeze({
  sample: 20,
  windowSec: 15 * 60,
  openRatio: 0.3,
  closeRatio: 0.15,
  minOpenSec: 5 * 60,
});

export type BreakerState = {
  open: boolean;
  changedAt: Date | null;
  /** The window as evaluated now. */
  attempts: number;
  declines: number;
  /** "opened" or "closed" when this evaluation changed the state. */
  changed: "opened" | "closed" | null;
};

const ID = "store";
// Card attempts: an abandoned or expired checkout (CANCELED with no card) says nothing about cards.
const CARD_OUTCOMES = ["AUTHORIZED", "DECLINED", "FAILED"];

export type BreakerOptions = { settings?: BreakerSettings; now?: Date; alertDeps?: AlertDeps };

/** The store's latest card attempts within the window: how many, and how many were declined. */
async function declineWindow(
  db: Db,
  settings: BreakerSettings,
  now: Date,
): Promise<{ attempts: number; declines: number }> {
  const recent = await db.paymentAttempt.findMany({
    where: {
      attemptedAt: { gte: new Date(now.getTime() - settings.windowSec * 1000) },
      outcome: { in: CARD_OUTCOMES },
    },
    orderBy: { attemptedAt: "desc" },
    take: settings.sample,
    select: { outcome: true },
  });
  return { attempts: recent.length, declines: recent.filter((a) => a.outcome === "DECLINED").length };
}

async function currentRow(db: Db, now: Date) {
  const row = await db.checkoutBreaker.findUnique({ where: { id: ID } });
  if (row) return row;
  try {
    return await db.checkoutBreaker.create({ data: { id: ID, open: false, changedAt: now } });
  } catch {
    // Another instance created it first.
    return db.checkoutBreaker.findUniqueOrThrow({ where: { id: ID } });
  }
}

/** Evaluates the breaker now, opening or closing it when the window says so. */
export async function evaluateBreaker(db: Db, options: BreakerOptions = {}): Promise<BreakerState> {
  const settings = options.settings ?? BREAKER_DEFAULTS;
  const now = options.now ?? new Date();
  const row = await currentRow(db, now);
  const window = await declineWindow(db, settings, now);
  const shouldOpen = !row.open && window.declines > settings.openRatio * settings.sample;
  const shouldClose =
    row.open &&
    now.getTime() - row.changedAt.getTime() >= settings.minOpenSec * 1000 &&
    window.declines <= settings.closeRatio * settings.sample;
  if (!shouldOpen && !shouldClose) return { open: row.open, changedAt: row.changedAt, ...window, changed: null };

  const open = shouldOpen;
  const changed = await inTransaction(db, async (tx) => {
    const updated = await tx.checkoutBreaker.updateMany({
      where: { id: ID, open: !open },
      data: { open, changedAt: now, ...window },
    });
    if (updated.count !== 1) return false;
    await appendAudit(tx, {
      actor: null,
      action: open ? "checkout.breaker.open" : "checkout.breaker.close",
      target: "checkout-breaker",
      detail: {
        ...window,
        sample: settings.sample,
        windowSec: settings.windowSec,
        threshold: open ? settings.openRatio : settings.closeRatio,
      },
    });
    return true;
  });
  if (!changed) {
    const latest = await db.checkoutBreaker.findUniqueOrThrow({ where: { id: ID } });
    return { open: latest.open, changedAt: latest.changedAt, ...window, changed: null };
  }
  const minutes = Math.round(settings.windowSec / 60);
  await raiseAlert(
    db,
    {
      kind: "CARD_TESTING",
      rule: open ? "checkout breaker opened" : "checkout breaker closed",
      message: open
        ? `${window.declines} of the store's last ${window.attempts} card attempts within ${minutes} minutes were declined: card testing is likely. Checkout now asks every shopper for a proof-of-work check and applies stricter limits until declines fall back.`
        : `Declines fell back to ${window.declines} of the last ${window.attempts} card attempts within ${minutes} minutes: checkout is back to its normal limits, with no check for most shoppers.`,
      evidence: {
        ...window,
        sample: settings.sample,
        windowMinutes: minutes,
        openRatio: settings.openRatio,
        closeRatio: settings.closeRatio,
      },
    },
    options.alertDeps,
  );
  return { open, changedAt: now, ...window, changed: open ? "opened" : "closed" };
}

export type BreakerChange = { at: Date; action: "opened" | "closed"; attempts: number; declines: number };

/** For the security center: the current state and the latest changes, newest first. */
export async function breakerOverview(
  db: Db,
  take = 20,
): Promise<{ open: boolean; changedAt: Date | null; history: BreakerChange[] }> {
  const [row, entries] = await Promise.all([
    db.checkoutBreaker.findUnique({ where: { id: ID } }),
    db.auditLog.findMany({
      where: { action: { in: ["checkout.breaker.open", "checkout.breaker.close"] } },
      orderBy: { seq: "desc" },
      take,
      select: { at: true, action: true, detail: true },
    }),
  ]);
  return {
    open: row?.open ?? false,
    changedAt: row?.changedAt ?? null,
    history: entries.map((e) => {
      const detail = JSON.parse(e.detail) as { attempts?: number; declines?: number };
      return {
        at: e.at,
        action: e.action === "checkout.breaker.open" ? "opened" : "closed",
        attempts: detail.attempts ?? 0,
        declines: detail.declines ?? 0,
      };
    }),
  };
}

/**
 * The breaker as the checkout action asks it: evaluated at most once per `everyMs` per process
 * (a card-testing run is thousands of requests; one query a second is enough to catch it).
 */
export function breakerGuard(db: () => Db, everyMs = 1_000): () => Promise<boolean> {
  let last: { at: number; open: Promise<boolean> } | null = null;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= everyMs) {
      // On a database hiccup the previous answer stands (closed when there is none).
      const previous = last?.open ?? Promise.resolve(false);
      const open = evaluateBreaker(db()).then(
        (s) => s.open,
        (error: unknown) => {
          log.error({ err: error }, "breaker evaluation failed");
          return previous;
        },
      );
      last = { at: now, open };
    }
    return last.open;
  };
}
