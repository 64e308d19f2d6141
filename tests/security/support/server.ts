import Database from "better-sqlite3";
import { expect, type Page } from "@playwright/test";
import { queryE2eDatabase } from "../../e2e/support/database";

// The attack suite runs against its own instance of scripts/e2e-server.ts, 50 ports above
// E2E_PORT (playwright.config.ts), so lockouts and the admin's 2FA enrollment here never collide
// with tests/e2e. Same layout: the SQLite file, and the SMTP sink's JSON list at port + 26.
export const port = Number(process.env.E2E_PORT ?? 3100) + 50;
const MAILBOX_URL = `http://127.0.0.1:${port + 26}/messages`;

/** Reads the server's database read-only, to check what the attack could not show in a page. */
export const query = <T>(sql: string, ...params: unknown[]): T[] => queryE2eDatabase<T>(port, sql, ...params);

/** A fingerprint of the tables an attack could change: compare before and after. */
export function snapshot(): Record<string, unknown[]> {
  return {
    users: query(`SELECT id, email, name, role, passwordHash, totpEnabledAt FROM User ORDER BY id`),
    products: query(`SELECT id, slug, priceCents, stock, active FROM Product ORDER BY id`),
    orders: query(`SELECT id, status, totalCents, userId FROM "Order" ORDER BY id`),
    sessions: query(`SELECT id, revokedAt FROM UserSession ORDER BY id`),
  };
}

type Received = { to: string[]; raw: string };

function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export async function messagesTo(to: string): Promise<string[]> {
  const all = (await (await fetch(MAILBOX_URL)).json()) as Received[];
  return all.filter((m) => m.to.includes(to.toLowerCase())).map((m) => m.raw);
}

/** Waits for a message to `to` whose Subject matches; returns it raw (undecoded) and decoded. */
export async function waitForMail(to: string, subject: RegExp): Promise<{ raw: string; decoded: string }> {
  const matching = async () =>
    (await messagesTo(to)).filter((raw) => subject.test(/^Subject: (.*)$/m.exec(raw)?.[1] ?? ""));
  await expect
    .poll(async () => (await matching()).length, {
      message: `email to ${to} matching ${String(subject)}`,
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  const raw = (await matching()).at(-1)!;
  return { raw, decoded: decodeQuotedPrintable(raw) };
}

/** Fails the test if any JavaScript dialog opens on the page (an executed XSS payload). */
export function failOnDialog(page: Page): string[] {
  const fired: string[] = [];
  page.on("dialog", (dialog) => {
    fired.push(dialog.message());
    void dialog.dismiss();
  });
  return fired;
}

export const orderByReference = (reference: string) =>
  query<{ id: string; status: string; totalCents: number; userId: string | null }>(
    `SELECT id, status, totalCents, userId FROM "Order" WHERE reference = ?`,
    reference,
  )[0]!;

/**
 * The one write the suite makes: a catalog change an admin would make while a shopper is
 * mid-purchase (price, active). Only for the business-logic tests; each restores what it changed.
 */
export function changeProduct(slug: string, change: { priceCents?: number; active?: boolean }): void {
  const db = new Database(`.data/e2e-${port}.db`);
  try {
    db.pragma("busy_timeout = 5000");
    // The price of a product sold in one form: its variant's and the product's derived copy alike.
    if (change.priceCents !== undefined)
      db.transaction(() => {
        db.prepare(`UPDATE Product SET priceCents = ? WHERE slug = ?`).run(change.priceCents, slug);
        db.prepare(
          `UPDATE ProductVariant SET priceCents = ? WHERE productId = (SELECT id FROM Product WHERE slug = ?)`,
        ).run(change.priceCents, slug);
      })();
    if (change.active !== undefined)
      db.prepare(`UPDATE Product SET active = ? WHERE slug = ?`).run(change.active ? 1 : 0, slug);
  } finally {
    db.close();
  }
}
