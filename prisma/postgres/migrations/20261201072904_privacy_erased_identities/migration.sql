-- CreateTable
CREATE TABLE "ErasedIdentity" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "keyedHash" TEXT NOT NULL,
    "erasedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ErasedIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ErasedIdentity_expiresAt_idx" ON "ErasedIdentity"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ErasedIdentity_kind_keyedHash_key" ON "ErasedIdentity"("kind", "keyedHash");

