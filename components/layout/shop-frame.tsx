import type { ReactNode } from "react";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { readCart } from "@/lib/cart/cart";
import { readCartToken } from "@/lib/cart/cookie";
import { categoriesForPage } from "@/lib/catalog/cached";
import { db } from "@/lib/db";

/** The shop's frame (header with search and cart, main, footer): the (shop) layout and the 404 page. */
export async function ShopFrame({ children }: { children: ReactNode }) {
  const [categories, cart] = await Promise.all([categoriesForPage(), readCartToken().then((t) => readCart(db(), t))]);
  return (
    <>
      <SiteHeader categories={categories} cartCount={cart.itemCount} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
