// Prisma CLI configuration. The CLI runs its schema engine as WebAssembly through a driver
// adapter, so migrations work offline with no engine download. The provider follows
// DATABASE_URL: a postgresql:// URL selects the derived PostgreSQL schema and its own
// migration history; anything else is a SQLite file.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

const url = process.env.DATABASE_URL ?? "file:./.data/store.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

// better-sqlite3 runs one statement per executeRaw call; the migration engine sends whole
// migration scripts through executeRaw with no arguments, so route those to executeScript.
function scriptAware(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeRaw") {
        return (query: { sql: string; args: unknown[] }) =>
          query.args.length === 0 ? target.executeScript(query.sql).then(() => 0) : target.executeRaw(query as never);
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function sqliteFactory(): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaBetterSQLite3({ url });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => scriptAware(await inner.connect()),
    connectToShadowDb: async () => scriptAware(await inner.connectToShadowDb()),
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: {
    path: postgres ? "prisma/postgres/migrations" : "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  async adapter() {
    return postgres ? new PrismaPg({ connectionString: url }) : sqliteFactory();
  },
});
