import type { NextConfig } from "next";
import { MAX_BODY_BYTES } from "./lib/http/request-guard";
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
    // server.ts refuses larger bodies with a 413 before Next reads them (lib/http/request-guard.ts);
    // the same limit here covers `next start` and `next dev`.
    serverActions: { bodySizeLimit: MAX_BODY_BYTES },
  },
  // Native and server-only packages are loaded by Node at run time instead of being bundled.
  // pino and pino-pretty (lib/logging/logger.ts) are on Next's own list too; named here because
  // bundled, they lose the files they load at run time.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "geoip-country", "pg", "nodemailer", "ioredis", "pino", "pino-pretty"],
  async headers() {
    const headers = Object.entries(staticSecurityHeaders({ production })).map(([key, value]) => ({ key, value }));
    return [{ source: "/:path*", headers }];
  },
};

export default nextConfig;
