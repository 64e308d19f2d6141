import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { readCart } from "@/lib/cart/cart";
import { readCartToken } from "@/lib/cart/cookie";
import { categoriesForPage } from "@/lib/catalog/cached";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const DESCRIPTION = "A secure-by-default store: browse, fill a cart and pay on Stripe's hosted page.";

// Absolute URLs in canonical links and link previews come from APP_URL, never the request's Host.
export async function generateMetadata(): Promise<Metadata> {
  await connection();
  return {
    metadataBase: new URL(env().APP_URL),
    title: { default: "Secure Store", template: "%s · Secure Store" },
    description: DESCRIPTION,
    openGraph: { siteName: "Secure Store", type: "website", title: "Secure Store", description: DESCRIPTION },
    twitter: { card: "summary" },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request (its CSP nonce is), never at build time: the build has
  // no database or secrets to read.
  await connection();
  const [categories, cart] = await Promise.all([categoriesForPage(), readCartToken().then((t) => readCart(db(), t))]);
  return (
    <html lang="en">
      <body className="min-h-screen bg-white font-sans text-gray-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <SiteHeader categories={categories} cartCount={cart.itemCount} />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
