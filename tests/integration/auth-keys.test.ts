import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerAccount } from "@/lib/auth/register";
import { decryptTotpSecret } from "@/lib/auth/secrets";
import { startEnrollment } from "@/lib/auth/two-factor";
import { parseKeyringSpec } from "@/lib/security/crypto";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { ctx, GOOD_PASSWORD, testDeps, uniqueEmail } from "./auth-helpers";
import { actorFor, enableTwoFactor } from "./auth-two-factor-setup";

const key = () => randomBytes(32).toString("base64");

describe.each(providers())("npm run keys:rotate on %s", (provider) => {
  const t = databaseSuite(provider);

  it("re-encrypts every TOTP secret (active and pending) with the newest key, and is idempotent", async () => {
    const oldSpec = `1:${key()}`;
    const deps = testDeps(t.db, oldSpec);
    const enabled = [];
    for (let i = 0; i < 3; i++) {
      const email = uniqueEmail("rot");
      const { userId } = await registerAccount(deps, ctx(), { name: "Test User", email, password: GOOD_PASSWORD });
      enabled.push({ id: userId!, secret: (await enableTwoFactor(deps, userId!, email)).secret });
    }
    const pendingEmail = uniqueEmail("pending");
    const pending = (
      await registerAccount(deps, ctx(), { name: "Test User", email: pendingEmail, password: GOOD_PASSWORD })
    ).userId!;
    await startEnrollment(deps, actorFor(pending, pendingEmail));

    const newSpec = `${oldSpec},2:${key()}`;
    const run = () =>
      execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/rotate-keys.ts"], {
        encoding: "utf8",
        env: {
          ...process.env,
          NODE_ENV: "production",
          DATABASE_URL: t.url,
          DATA_ENCRYPTION_KEYS: newSpec,
          AUDIT_HMAC_KEYS: `1:${randomBytes(32).toString("base64")}`,
          APP_URL: "https://shop.test",
          AUTH_SECRET: randomBytes(48).toString("base64url"),
          STRIPE_SECRET_KEY: "sk_test_rotate",
          STRIPE_WEBHOOK_SECRET: "whsec_rotate",
          STRIPE_API_URL: "",
        },
      });
    expect(run()).toMatch(/4 account\(s\) with TOTP secrets checked, 4 re-encrypted with key v2/);

    const onlyNewKey = parseKeyringSpec(`2:${newSpec.split(",2:")[1]}`);
    for (const { id, secret } of enabled) {
      const row = await t.db.user.findUniqueOrThrow({ where: { id } });
      expect(row.totpSecretEnc).toMatch(/^v2\./);
      expect(decryptTotpSecret(onlyNewKey, id, row.totpSecretEnc!)).toBe(secret);
    }
    expect((await t.db.user.findUniqueOrThrow({ where: { id: pending } })).totpPendingEnc).toMatch(/^v2\./);
    expect(run()).toMatch(/4 account\(s\) with TOTP secrets checked, 0 re-encrypted/);
  });
});
