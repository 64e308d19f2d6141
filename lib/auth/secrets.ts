import "server-only";
import { decryptSecret, encryptSecret, type Keyring } from "@/lib/security/crypto";

// TOTP secrets at rest: AES-256-GCM under the newest key of DATA_ENCRYPTION_KEYS, with the user
// id as additional authenticated data, so a ciphertext copied into another user's row fails.

export function encryptTotpSecret(keyring: Keyring, userId: string, secret: string): string {
  return encryptSecret(keyring, secret, userId);
}

export function decryptTotpSecret(keyring: Keyring, userId: string, payload: string): string {
  return decryptSecret(keyring, payload, userId);
}
