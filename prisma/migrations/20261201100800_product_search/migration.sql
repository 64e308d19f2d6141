-- Full-text search (lib/catalog/search.ts). Written by hand: Prisma's schema cannot describe an
-- FTS5 table or triggers, so they are not in schema.prisma; tests/integration/schema-drift.test.ts
-- knows them by name (lib/catalog/search-objects.ts) and checks that they exist.
-- The index keeps its own copy of name and description (not external content keyed by rowid:
-- VACUUM may renumber the rowids of a table without an INTEGER PRIMARY KEY). Porter stemming, as
-- PostgreSQL's "english" configuration stems; diacritics are kept, as that configuration keeps them.
CREATE VIRTUAL TABLE "ProductSearch" USING fts5(
    "productId" UNINDEXED,
    "name",
    "description",
    tokenize = 'porter unicode61 remove_diacritics 0'
);

-- Triggers keep it in step with the catalog. Stock and price updates do not touch it.
CREATE TRIGGER "Product_search_insert" AFTER INSERT ON "Product" BEGIN
    INSERT INTO "ProductSearch" ("productId", "name", "description") VALUES (new."id", new."name", new."description");
END;

CREATE TRIGGER "Product_search_update" AFTER UPDATE OF "id", "name", "description" ON "Product" BEGIN
    DELETE FROM "ProductSearch" WHERE "productId" = old."id";
    INSERT INTO "ProductSearch" ("productId", "name", "description") VALUES (new."id", new."name", new."description");
END;

CREATE TRIGGER "Product_search_delete" AFTER DELETE ON "Product" BEGIN
    DELETE FROM "ProductSearch" WHERE "productId" = old."id";
END;

INSERT INTO "ProductSearch" ("productId", "name", "description") SELECT "id", "name", "description" FROM "Product";
