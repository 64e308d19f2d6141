import "server-only";

import { generateSecret, generateSync, generateURI, verifySync } from "otplib";
import QRCode from "qrcode";

// What every mainstream authenticator app assumes; the URI omits them because they are the defaults.
const TOTP_ALGORITHM = "sha1";
const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
// One step either side absorbs phone clock drift and the time it takes to type the code.
const WINDOW_STEPS = 1;
const SECRET_BYTES = 20; // 160 bits, the HMAC-SHA1 block-size recommendation of RFC 4226.

export type TotpVerifyResult = { ok: true; step: number } | { ok: false };

/** Fresh random secret, base32 (no padding), ready for an otpauth URI. Encrypt it before storing. */
export function newTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

/** otpauth://totp/Issuer:account?secret=…&issuer=… for the enrolment QR code. */
export function totpUri(input: { secret: string; accountName: string; issuer: string }): string {
  // ":" separates issuer and account in the label; allowing it would make apps mis-parse the label.
  for (const [field, value] of [
    ["issuer", input.issuer],
    ["accountName", input.accountName],
  ] as const) {
    if (value.trim() === "" || value.includes(":")) {
      throw new TypeError(`totpUri: ${field} must be non-empty and must not contain ":"`);
    }
  }
  return generateURI({
    issuer: input.issuer,
    label: input.accountName,
    secret: input.secret,
  });
}

/**
 * QR code as an inline SVG string, rendered on the server: the secret never goes to a third-party
 * QR service and no extra request leaves the browser.
 */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 2,
  });
}

function epochSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

/**
 * Code for `now`. For tests and tooling; `digits` exists so the RFC 6238 8-digit vectors run through
 * exactly the same otplib configuration as verification.
 */
export function generateTotp(secret: string, now: Date, digits: 6 | 8 = TOTP_DIGITS): string {
  return generateSync({
    secret,
    epoch: epochSeconds(now),
    algorithm: TOTP_ALGORITHM,
    digits,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** RFC 6238 time step T = floor(unix / 30). */
export function totpStep(now: Date): number {
  return Math.floor(epochSeconds(now) / TOTP_PERIOD_SECONDS);
}

/**
 * Checks a user-typed code. On success returns the matched time step: the caller must persist it and
 * pass it back as `lastUsedStep`, which rejects that step and every earlier one (no replay, including of
 * a code observed over the user's shoulder within the window).
 * Never throws on bad user input (anything but 6 digits, optionally space-separated, is just refused).
 */
export function verifyTotp(input: {
  secret: string;
  code: string;
  now?: Date;
  lastUsedStep?: number | null;
}): TotpVerifyResult {
  const { secret, now = new Date(), lastUsedStep = null } = input;
  // Apps display "123 456"; accept the spaces, nothing else.
  const code = typeof input.code === "string" ? input.code.replace(/\s+/g, "") : "";
  if (!/^[0-9]{6}$/.test(code)) return { ok: false };

  if (lastUsedStep !== null && (!Number.isSafeInteger(lastUsedStep) || lastUsedStep < 0)) {
    throw new TypeError("verifyTotp: lastUsedStep must be a non-negative integer or null");
  }
  // otplib throws when afterTimeStep is beyond the window; for us that simply means every candidate
  // step has already been used (e.g. a code from the future step was accepted moments ago).
  if (lastUsedStep !== null && lastUsedStep >= totpStep(now) + WINDOW_STEPS) return { ok: false };

  const result = verifySync({
    secret,
    token: code,
    epoch: epochSeconds(now),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    // Tolerance is in seconds: ±1 period covers exactly the previous and next step.
    epochTolerance: WINDOW_STEPS * TOTP_PERIOD_SECONDS,
    ...(lastUsedStep !== null ? { afterTimeStep: lastUsedStep } : {}),
  });
  // otplib's functional verify is typed as TOTP-or-HOTP result; only the TOTP one carries timeStep.
  return result.valid && "timeStep" in result ? { ok: true, step: result.timeStep } : { ok: false };
}
