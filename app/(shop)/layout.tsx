import type { ReactNode } from "react";
import { ShopFrame } from "@/components/layout/shop-frame";

// The shop's pages (catalog, cart, checkout, account, sign-in) share the header with search and
// cart; the admin area has its own frame (app/admin/(dashboard)/layout.tsx). The route group
// does not change any URL.
export default function ShopLayout({ children }: { children: ReactNode }) {
  return <ShopFrame>{children}</ShopFrame>;
}
