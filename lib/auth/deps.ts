import "server-only";
import type { Db } from "@/lib/db";
import type { MailMessage } from "@/lib/email";
import type { Policies } from "@/lib/rate-limit";
import type { Keyring } from "@/lib/security/crypto";

// What the account functions need besides their input. The app builds one from env()
// (lib/auth/app-deps.ts); tests build their own with a fresh database, a memory limiter store,
// a test keyring and a mailbox array.
export type AuthDeps = {
  db: Db;
  limits: Policies;
  keyring: Keyring;
  /** Public URL of the store, for links in emails. */
  appUrl: string;
  /**
   * Queues an email. The app sends it after the response (next/server `after`), so whether a
   * message was sent (an account exists) never shows in the response time.
   */
  notify: (message: MailMessage) => void;
  now: () => Date;
};

/** The facts about the request an account function records: never trusted for authorization. */
export type RequestContext = {
  /** Client address (lib/net clientIp); "0.0.0.0" when unknown. */
  ip: string;
  country: string | null;
  userAgent: string | null;
};
