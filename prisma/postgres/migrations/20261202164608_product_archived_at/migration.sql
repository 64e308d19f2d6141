-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "archivedAt" TIMESTAMP(3);


-- Backfill: until now archiving was the only way a product went inactive in lib/catalog/admin.ts
-- (the list called every inactive product "archived"), so every inactive product is archived.
UPDATE "Product" SET "archivedAt" = "updatedAt" WHERE "active" = false;
