import Link from "next/link";
import { ShopFrame } from "@/components/layout/shop-frame";

// Any unknown URL, and the admin area for everyone who is not staff: the same page in the shop's
// frame, so the admin area looks like it does not exist.
export default function NotFound() {
  return (
    <ShopFrame>
      <div className="py-16 text-center">
        <h1 className="text-3xl font-bold">We couldn&apos;t find that page</h1>
        <p className="mt-3 text-gray-800">The product or category may have moved or no longer exists.</p>
        <p className="mt-6">
          <Link href="/" className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800">
            Back to the store
          </Link>
        </p>
      </div>
    </ShopFrame>
  );
}
