import Database from "better-sqlite3";

/**
 * Reads an e2e server's SQLite file (scripts/e2e-server.ts writes .data/e2e-<port>.db)
 * read-only, to check what a page cannot show.
 */
export function queryE2eDatabase<T>(port: number, sql: string, ...params: unknown[]): T[] {
  const db = new Database(`.data/e2e-${port}.db`, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
