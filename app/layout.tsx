import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";
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
  // no database or secrets to read. The frame around the page is its group's layout: the shop's
  // header and footer in app/(shop)/layout.tsx, the admin's navigation in app/admin.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-white font-sans text-gray-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
