import type { Metadata } from "next";
import { abandonCheckoutAction } from "../actions";

export const metadata: Metadata = { title: "Payment cancelled", robots: { index: false } };

export default function CheckoutCancelledPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">Payment cancelled</h1>
      <p>You have not been charged, and your cart is just as you left it.</p>
      <form action={abandonCheckoutAction}>
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800">
          Return to your cart
        </button>
      </form>
    </div>
  );
}
