import type { NextConfig } from "next";
import { IMAGE_WIDTHS, UPLOAD_BODY_BYTES } from "./lib/catalog/images/widths";
import { staticSecurityHeaders } from "./lib/security/headers";

const production = process.env.NODE_ENV === "production";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // A separate build folder lets the benchmark build beside the one the tests use.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // `npm run check` type-checks and lints the whole project in CI; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  experimental: {
    // forbidden() answers a real 403 (a reviewer on an admin-only page).
    authInterrupts: true,
    // Next's limit is one for every action, so it is the picture upload's (5 MB and the form).
    // server.ts refuses larger bodies with a 413 before Next reads them, and holds every other
    // path to 1 MB (lib/http/request-guard.ts).
    serverActions: { bodySizeLimit: UPLOAD_BODY_BYTES },
  },
  // Native and server-only packages are loaded by Node at run time instead of being bundled.
  // pino and pino-pretty (lib/logging/logger.ts) are on Next's own list too; named here because
  // bundled, they lose the files they load at run time.
  serverExternalPackages: [
    "better-sqlite3",
    "@node-rs/argon2",
    "geoip-country",
    "pg",
    "nodemailer",
    "ioredis",
    "pino",
    "pino-pretty",
  ],
  // Uploaded pictures are stored in fixed widths (lib/catalog/images/): the loader picks one, and
  // Next's image optimizer is off (a custom loader turns /_next/image into a 404), so the server
  // never fetches or resizes a URL on request.
  images: {
    loader: "custom",
    loaderFile: "./lib/catalog/images/loader.ts",
    deviceSizes: [...IMAGE_WIDTHS],
    imageSizes: [],
  },
  async headers() {
    const headers = Object.entries(staticSecurityHeaders({ production })).map(([key, value]) => ({ key, value }));
    return [{ source: "/:path*", headers }];
  },
};

export default nextConfig;
