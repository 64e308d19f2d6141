-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "reviewClaimedAt" TIMESTAMP(3),
ADD COLUMN     "reviewerId" TEXT;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

