-- CreateTable
CREATE TABLE "ErasedIdentity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "keyedHash" TEXT NOT NULL,
    "erasedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ErasedIdentity_expiresAt_idx" ON "ErasedIdentity"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ErasedIdentity_kind_keyedHash_key" ON "ErasedIdentity"("kind", "keyedHash");

