-- AlterTable
ALTER TABLE "OrderDecision" ADD COLUMN "reason" TEXT;

