-- Full-text search (lib/catalog/search.ts). Written by hand: Prisma's schema cannot describe an
-- expression index, so it is not in schema.prisma; tests/integration/schema-drift.test.ts knows
-- it by name (lib/catalog/search-objects.ts) and checks it exists.
-- An expression GIN index over the english tsvector of name and description: PostgreSQL keeps
-- it in step with every insert, update and delete itself, so no trigger or extra column is
-- needed. Queries must use exactly this expression for the index to be used.
CREATE INDEX "Product_search_idx" ON "Product" USING GIN (to_tsvector('english'::regconfig, "name" || ' ' || "description"));
