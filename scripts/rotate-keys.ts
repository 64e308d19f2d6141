// npm run keys:rotate — re-encrypts every TOTP secret with the newest key in DATA_ENCRYPTION_KEYS.
// Rotation: add a new version (`2:<key>`) to DATA_ENCRYPTION_KEYS next to the old one, deploy,
// run this, then remove the old key. Runs with the react-server condition (see package.json)
// because the modules it uses are marked server-only.
import { existsSync } from "node:fs";
import { rotateTotpKeys } from "@/lib/auth/rotate-keys";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { parseKeyringSpec } from "@/lib/security/crypto";

// Locally, the settings npm start generated; in production they come from the environment.
if (!process.env.DATA_ENCRYPTION_KEYS && existsSync(".env.local")) process.loadEnvFile(".env.local");
const config = env();
const keyring = parseKeyringSpec(config.DATA_ENCRYPTION_KEYS);
const db = createDb(config.DATABASE_URL);
try {
  const { checked, rotated } = await rotateTotpKeys(db, keyring);
  console.log(
    `keys:rotate: ${checked} account(s) with TOTP secrets checked, ${rotated} re-encrypted with key v${keyring.current}`,
  );
} finally {
  await db.$disconnect();
}
