import "server-only";
import type { Db } from "@/lib/db";

// Free text that may quote a deleted customer's email, name, address or IP: fraud evidence
// (JSON), alert messages, staff notes and reasons, outbox emails, sign-in event details. Each
// occurrence becomes "[erased]"; the rest of the text (what happened, amounts, rules) stays.

const MIN_LENGTH = 3;
const REPLACEMENT = "[erased]";

type Column = {
  table: "fraudCheck" | "alert" | "orderDecision" | "refund" | "dispute" | "outboxEmail" | "authEvent";
  columns: string[];
};

const COLUMNS: Column[] = [
  { table: "fraudCheck", columns: ["message", "evidence"] },
  { table: "alert", columns: ["message", "evidence"] },
  { table: "orderDecision", columns: ["note", "error"] },
  { table: "refund", columns: ["reason", "error"] },
  { table: "dispute", columns: ["reason"] },
  { table: "outboxEmail", columns: ["to", "subject", "text", "html"] },
  { table: "authEvent", columns: ["detail"] },
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces every occurrence of the values (and their JSON-escaped forms) in the free-text columns. */
export async function scrubText(db: Db, values: Iterable<string>): Promise<number> {
  const needles = [...new Set([...values].map((v) => v.trim()).filter((v) => v.length >= MIN_LENGTH))];
  if (needles.length === 0) return 0;
  const forms = [...new Set(needles.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))].sort(
    (a, b) => b.length - a.length,
  );
  const pattern = new RegExp(forms.map(escapeRegExp).join("|"), "gi");
  let changed = 0;
  for (const { table, columns } of COLUMNS) {
    // Prisma's model delegates share this shape; the column names are fixed above.
    const model = db[table] as unknown as {
      findMany(args: object): Promise<Array<Record<string, string | null>>>;
      update(args: object): Promise<unknown>;
    };
    const where = { OR: columns.flatMap((column) => forms.map((form) => ({ [column]: { contains: form } }))) };
    const select: Record<string, boolean> = { id: true };
    for (const column of columns) select[column] = true;
    const rows = await model.findMany({ where, select });
    for (const row of rows) {
      const data: Record<string, string> = {};
      for (const column of columns) {
        const text = row[column];
        if (typeof text === "string" && pattern.test(text)) data[column] = text.replace(pattern, REPLACEMENT);
        pattern.lastIndex = 0;
      }
      if (Object.keys(data).length > 0) {
        await model.update({ where: { id: row.id }, data });
        changed++;
      }
    }
  }
  return changed;
}
