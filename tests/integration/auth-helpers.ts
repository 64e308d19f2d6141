// Shared set-up for the account integration tests (not a test file itself).
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { AuthDeps, RequestContext } from "@/lib/auth/deps";
import type { Db } from "@/lib/db/client";
import type { MailMessage } from "@/lib/email";
import { AppError } from "@/lib/errors";
import { createLimiterStore, createPolicies } from "@/lib/rate-limit";
import { parseKeyringSpec } from "@/lib/security/crypto";
import { newToken } from "@/lib/security/tokens";

export const GOOD_PASSWORD = "violet tractor harbour lemon";

export type TestDeps = AuthDeps & { mail: MailMessage[]; clock: { now: Date } };

export function testDeps(db: Db, keySpec = `1:${randomBytes(32).toString("base64")}`): TestDeps {
  const mail: MailMessage[] = [];
  const clock = { now: new Date("2026-03-01T12:00:00Z") };
  return {
    db,
    limits: createPolicies(createLimiterStore({ keyPrefix: `test-${randomBytes(4).toString("hex")}` })),
    keyring: parseKeyringSpec(keySpec),
    appUrl: "https://shop.test",
    notify: (m) => mail.push(m),
    now: () => clock.now,
    mail,
    clock,
  };
}

let n = 0;
/** A distinct public-looking client per call, so per-IP limits of one test do not leak into another. */
export function ctx(ip = `198.18.${Math.floor(++n / 250)}.${(n % 250) + 1}`): RequestContext {
  return { ip, country: null, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36" };
}

export const browser = () => newToken(32);
export const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString("hex")}@example.org`;

export async function rejects(work: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}
