"use client";
import { useEffect, useState } from "react";

// The header's cart count. The server renders it with the page; an add made by the product
// page's script (./add-to-cart-form.tsx) renders no page, so the form announces the cart's new
// count and this takes it, until the server renders the header again with a count of its own.

const CART_COUNT_EVENT = "store:cart-count";

export function announceCartCount(count: number): void {
  window.dispatchEvent(new CustomEvent<number>(CART_COUNT_EVENT, { detail: count }));
}

export function CartCount({ count }: { count: number }) {
  // The announced count, with the server's count it replaced: a new count from the server wins.
  const [announced, setAnnounced] = useState<{ over: number; count: number } | null>(null);
  useEffect(() => {
    const take = (event: Event) => {
      const detail = (event as CustomEvent<unknown>).detail;
      if (typeof detail === "number") setAnnounced({ over: count, count: detail });
    };
    window.addEventListener(CART_COUNT_EVENT, take);
    return () => window.removeEventListener(CART_COUNT_EVENT, take);
  }, [count]);
  const shown = announced && announced.over === count ? announced.count : count;
  return (
    <>
      <span
        className="ml-1 inline-block min-w-6 rounded-full bg-blue-700 px-1.5 text-center text-sm text-white"
        data-testid="cart-count"
      >
        {shown}
      </span>
      <span className="sr-only"> {shown === 1 ? "item" : "items"}</span>
    </>
  );
}
