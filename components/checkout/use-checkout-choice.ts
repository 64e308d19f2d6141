"use client";
import { useSyncExternalStore } from "react";
import type { ShippingMethod } from "@/lib/checkout/pricing";
import { SHIPPING_METHODS } from "@/lib/checkout/pricing";

// The destination and shipping method the checkout form currently holds, read from the form's
// own fields (the country select, the shippingMethod radios): the summary and the method choice
// follow the form without the form having to pass its state around.

const subscribe = (notify: () => void) => {
  // A form reset fires before the fields change: read them on the next frame.
  const later = () => requestAnimationFrame(notify);
  document.addEventListener("change", notify);
  document.addEventListener("reset", later);
  return () => {
    document.removeEventListener("change", notify);
    document.removeEventListener("reset", later);
  };
};

export function useCheckoutChoice(fallbackCountry: string): { country: string; method: ShippingMethod } {
  const snapshot = useSyncExternalStore(
    subscribe,
    () => {
      const select = document.querySelector('select[name="country"]');
      const country = select instanceof HTMLSelectElement && select.value ? select.value : fallbackCountry;
      const checked = document.querySelector<HTMLInputElement>('input[name="shippingMethod"]:checked');
      return `${country}|${checked?.value ?? "standard"}`;
    },
    () => `${fallbackCountry}|standard`,
  );
  const [country = fallbackCountry, method] = snapshot.split("|");
  return { country, method: SHIPPING_METHODS.find((m) => m === method) ?? "standard" };
}
