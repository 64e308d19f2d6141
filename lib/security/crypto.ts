import "server-only";

import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM for small secrets at rest (TOTP secrets). Payload format:
//   v<version>.<iv b64url>.<tag b64url>.<ciphertext b64url>
// The key version travels with the payload so keys can be rotated without a flag day.

const KEY_BYTES = 32;
const IV_BYTES = 12; // 96-bit IV: the GCM-native size, random per message.
const TAG_BYTES = 16;
const PAYLOAD_RE = /^v([1-9][0-9]{0,8})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

export type SecretCryptoErrorCode =
  | "invalid-key" // keyring configuration problem
  | "malformed" // payload is not v<n>.<iv>.<tag>.<ct>
  | "unknown-key-version" // payload encrypted with a key no longer in the keyring
  | "authentication-failed"; // tampered payload, wrong key, or wrong AAD

/** Typed error; messages never contain key material or plaintext. */
export class SecretCryptoError extends Error {
  override readonly name = "SecretCryptoError";
  constructor(
    readonly code: SecretCryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Versioned set of AES-256 keys. Keys live in a private field so that logging or serializing a
 * keyring (console.log, JSON.stringify, error reporters) cannot leak them.
 */
export class Keyring {
  readonly #keys: ReadonlyMap<number, Buffer>;
  readonly current: number;

  constructor(current: number, keys: ReadonlyMap<number, Buffer>) {
    if (!keys.has(current)) {
      throw new SecretCryptoError("invalid-key", `current key version ${current} is not in the keyring`);
    }
    this.#keys = keys;
    this.current = current;
  }

  get versions(): number[] {
    return [...this.#keys.keys()].sort((a, b) => a - b);
  }

  key(version: number): Buffer | undefined {
    return this.#keys.get(version);
  }

  toJSON(): { current: number; versions: number[] } {
    return { current: this.current, versions: this.versions };
  }
}

function parseVersion(raw: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(raw)) {
    throw new SecretCryptoError("invalid-key", `key version "${raw}" must be a positive integer`);
  }
  return Number(raw);
}

// Accepts 64 hex chars or base64/base64url (padded or not) that decodes to exactly 32 bytes.
// Strict patterns because Buffer.from(…, "base64") silently skips invalid characters.
function parseKey(version: number, raw: string): Buffer {
  const value = raw.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) {
    key = Buffer.from(value, "hex");
  } else if (/^[A-Za-z0-9+/]{43}=?$/.test(value) || /^[A-Za-z0-9_-]{43}$/.test(value)) {
    key = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  }
  if (key?.length !== KEY_BYTES) {
    throw new SecretCryptoError(
      "invalid-key",
      `key v${version} must be exactly 32 bytes, given as 64 hex characters or base64 (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

export function createKeyring(config: { current: number; keys: Record<number, string> }): Keyring {
  const keys = new Map<number, Buffer>();
  for (const [rawVersion, rawKey] of Object.entries(config.keys)) {
    const version = parseVersion(rawVersion);
    keys.set(version, parseKey(version, rawKey));
  }
  return new Keyring(config.current, keys);
}

/** Parses an env-style spec `1:<key>,2:<key>`; the highest version becomes current. */
export function parseKeyringSpec(spec: string): Keyring {
  const keys = new Map<number, Buffer>();
  for (const entry of spec.split(",")) {
    const trimmed = entry.trim();
    if (trimmed === "") continue;
    const colon = trimmed.indexOf(":");
    if (colon === -1) {
      throw new SecretCryptoError("invalid-key", `keyring entry #${keys.size + 1} must look like <version>:<key>`);
    }
    const version = parseVersion(trimmed.slice(0, colon).trim());
    if (keys.has(version)) throw new SecretCryptoError("invalid-key", `key version ${version} appears twice`);
    keys.set(version, parseKey(version, trimmed.slice(colon + 1)));
  }
  if (keys.size === 0) throw new SecretCryptoError("invalid-key", "keyring spec contains no keys");
  return new Keyring(Math.max(...keys.keys()), keys);
}

const b64url = (buf: Buffer): string => buf.toString("base64url");

/**
 * Encrypts with the current key and a fresh random IV. `aad` binds the ciphertext to its context
 * (e.g. `user:<id>:totp`) so a payload copied into another user's row fails to decrypt.
 */
export function encryptSecret(keyring: Keyring, plaintext: string, aad?: string): string {
  const version = keyring.current;
  const key = keyring.key(version);
  if (!key) throw new SecretCryptoError("invalid-key", `current key version ${version} is missing`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, {
    authTagLength: TAG_BYTES,
  });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v${version}.${b64url(iv)}.${b64url(cipher.getAuthTag())}.${b64url(ciphertext)}`;
}

type ParsedPayload = {
  version: number;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
};

function parsePayload(payload: string): ParsedPayload {
  const match = PAYLOAD_RE.exec(payload);
  const iv = match?.[2] !== undefined ? Buffer.from(match[2], "base64url") : undefined;
  const tag = match?.[3] !== undefined ? Buffer.from(match[3], "base64url") : undefined;
  if (!match?.[1] || match[4] === undefined || iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES) {
    throw new SecretCryptoError("malformed", "encrypted payload is malformed");
  }
  return {
    version: Number(match[1]),
    iv,
    tag,
    ciphertext: Buffer.from(match[4], "base64url"),
  };
}

export function decryptSecret(keyring: Keyring, payload: string, aad?: string): string {
  const { version, iv, tag, ciphertext } = parsePayload(payload);
  const key = keyring.key(version);
  if (!key) {
    throw new SecretCryptoError(
      "unknown-key-version",
      `payload was encrypted with key v${version}, which is not in the keyring (known: ${keyring.versions.join(", ")})`,
    );
  }
  // authTagLength pins the tag size: without it Node would accept a truncated tag.
  const decipher = createDecipheriv("aes-256-gcm", key, iv, {
    authTagLength: TAG_BYTES,
  });
  decipher.setAuthTag(tag);
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, "utf8"));
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretCryptoError("authentication-failed", "encrypted payload failed authentication");
  }
}

/** True when the payload was encrypted with an older (or otherwise non-current) key. */
export function needsReencrypt(keyring: Keyring, payload: string): boolean {
  return parsePayload(payload).version !== keyring.current;
}

/**
 * Moves a payload to the current key (for rotation jobs). Already-current payloads are returned
 * unchanged after being authenticated, so a rotation job can run repeatedly without rewriting rows.
 */
export function reencrypt(keyring: Keyring, payload: string, aad?: string): string {
  const plaintext = decryptSecret(keyring, payload, aad);
  return needsReencrypt(keyring, payload) ? encryptSecret(keyring, plaintext, aad) : payload;
}
