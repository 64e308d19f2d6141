// Vitest setup (vitest.config.ts): the audit keyring that domain code signs its audit entries
// with when a test calls it directly, as the running store takes it from AUDIT_HMAC_KEYS.
// Tests about the keys themselves pass their own keyring explicitly.
import { randomBytes } from "node:crypto";
import { installAuditKeys } from "@/lib/audit/keys";
import { parseKeyringSpec } from "@/lib/security/crypto";

installAuditKeys(parseKeyringSpec(`1:${randomBytes(32).toString("base64")}`));
