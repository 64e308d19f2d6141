// The database objects full-text search adds by hand-written migration
// (prisma/migrations/*_product_search, prisma/postgres/migrations/*_product_search). Prisma's
// schema cannot describe them, so the schema-drift test leaves exactly these out of its
// comparison with schema.prisma and checks instead that replaying the migrations creates them.
export const searchObjects = {
  sqlite: {
    /** The FTS5 table; FTS5 adds shadow tables named `ProductSearch_<suffix>`. */
    table: "ProductSearch",
    triggers: ["Product_search_insert", "Product_search_update", "Product_search_delete"],
  },
  postgresql: { indexes: ["Product_search_idx"] },
} as const;
