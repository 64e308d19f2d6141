// After all browser flows (including payments typed with real test card numbers on the
// emulator's page), nothing the store keeps may contain a card number: every column of every
// table, the store's server log, and every email it sent.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { findCardNumbers } from "@/lib/security/card-scan";
import { allMessages } from "./support/mailbox";

const port = Number(process.env.E2E_PORT ?? 3100);

test("no card number in the database, the server log or any email", async () => {
  const db = new Database(`.data/e2e-${port}.db`, { readonly: true });
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[];
  const findings: string[] = [];
  let payments = 0;
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    if (name === "Payment") payments = rows.length;
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        for (const hit of findCardNumbers(String(value))) findings.push(`${name}.${column}: ${hit}`);
      }
    }
  }
  db.close();
  // The scan only means something if payments were actually made with card numbers typed in.
  expect(payments).toBeGreaterThan(0);

  const log = readFileSync(`.data/e2e-${port}.log`, "utf8");
  expect(log.length).toBeGreaterThan(0);
  for (const hit of findCardNumbers(log)) findings.push(`server log: ${hit}`);

  const mail = await allMessages();
  expect(mail.length).toBeGreaterThan(0);
  for (const m of mail) for (const hit of findCardNumbers(m.raw)) findings.push(`email to ${m.to.join(",")}: ${hit}`);

  expect(findings).toEqual([]);
});
