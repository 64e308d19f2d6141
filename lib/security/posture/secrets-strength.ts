import "server-only";

import { SecretCryptoError, parseKeyringSpec } from "@/lib/security/crypto";
import { MIN_SECRET_BITS, estimateEntropyBits } from "@/lib/security/posture/entropy";
import { combine, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// Reads secret values, so every message names the setting and a number, never the value.

// Below half the target the value is almost certainly typed by hand rather than generated.
const CLEARLY_WEAK_BITS = MIN_SECRET_BITS / 2;

function strength(name: string, value: string, fix: string): Finding {
  const bits = Math.round(estimateEntropyBits(value));
  if (bits >= MIN_SECRET_BITS)
    return { status: "green", detail: `${name}: ${value.length} characters, about ${bits} bits.` };
  return {
    status: bits < CLEARLY_WEAK_BITS ? "red" : "amber",
    detail: `${name}: about ${bits} bits of estimated entropy (want ${MIN_SECRET_BITS}).`,
    fix,
  };
}

function versionedKeys(name: "DATA_ENCRYPTION_KEYS" | "AUDIT_HMAC_KEYS", spec: string): Finding[] {
  try {
    parseKeyringSpec(spec);
  } catch (error) {
    if (!(error instanceof SecretCryptoError)) throw error;
    // SecretCryptoError messages never contain key material (lib/security/crypto.ts).
    return [
      {
        status: "red",
        detail: `${name} is unusable: ${error.message}.`,
        fix: 'Generate each key with `echo "1:$(openssl rand -base64 32)"`.',
      },
    ];
  }
  return spec
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(":");
      const version = entry.slice(0, colon).trim();
      const then = name === "AUDIT_HMAC_KEYS" ? "keep the old one to verify what it signed" : "re-encrypt";
      return strength(
        `${name} v${version}`,
        entry.slice(colon + 1).trim(),
        `Add a key from \`openssl rand -base64 32\` under a new version and ${then}.`,
      );
    });
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

function smtp(url: string | undefined, production: boolean): Finding {
  if (!url) {
    return production
      ? {
          status: "amber",
          detail: "SMTP_URL is not set: emails stay in the outbox.",
          fix: "Set SMTP_URL to your provider's smtps:// address.",
        }
      : { status: "green", detail: "SMTP_URL is not set: emails go to the development outbox." };
  }
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed?.hostname)
    return {
      status: "red",
      detail: "SMTP_URL is not a valid smtp(s):// URL with a host.",
      fix: "Set SMTP_URL to smtps://user:pass@host:465.",
    };
  if (parsed.protocol === "smtps:") return { status: "green", detail: `SMTP uses TLS (smtps://${parsed.hostname}).` };
  if (LOOPBACK.test(parsed.hostname)) return { status: "green", detail: "SMTP is plain smtp:// to a local relay." };
  return {
    status: "amber",
    // Plain smtp:// may upgrade with STARTTLS, but an attacker on the path can strip that offer.
    detail: `SMTP is plain smtp:// to ${parsed.hostname}: passwords and emails may cross the network unencrypted.`,
    fix: "Use smtps:// (port 465) so the connection is always TLS.",
  };
}

export function checkSecretsStrength({ env }: PostureInput): PostureResult {
  const production = env.NODE_ENV === "production";
  const findings: Finding[] = [
    strength(
      "AUTH_SECRET",
      env.AUTH_SECRET,
      "Replace AUTH_SECRET with `openssl rand -base64 48` (this signs everyone out).",
    ),
    ...versionedKeys("DATA_ENCRYPTION_KEYS", env.DATA_ENCRYPTION_KEYS),
    ...versionedKeys("AUDIT_HMAC_KEYS", env.AUDIT_HMAC_KEYS),
  ];
  if (production && env.DEMO_MODE) {
    findings.push({
      status: "amber",
      // `npm start` writes DEMO_MODE=1 with its generated secrets, so it marks a development setup.
      detail:
        "DEMO_MODE is on in production: the emulator and the outbox page are allowed, and the secrets may be the generated development ones.",
      fix: "Set DEMO_MODE=0 and take every secret from your secret manager, not .env.local.",
    });
  }
  findings.push(smtp(env.SMTP_URL, production));
  return combine("secrets", "Secrets and mail transport", findings);
}
