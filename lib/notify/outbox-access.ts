import { can, type Actor } from "@/lib/auth/authorize";
import { ipInCidrs, parseCidrList } from "@/lib/net/cidr";

// Who may read the development outbox (/dev/outbox). Its messages carry password-reset links,
// guest order links and staff invitations, so reading it is taking over every account without
// 2FA. It exists only in development and DEMO_MODE, and even there only for a person at the
// machine (a loopback client address, which server.ts takes from the socket, so no header can
// claim it) or a signed-in admin with 2FA. A demo reachable from a network shows nothing else.
const LOOPBACK = parseCidrList("127.0.0.0/8 ::1/128");

export type OutboxReader = { production: boolean; demoMode: boolean; ip: string; actor: Actor | null };

export function mayReadOutbox({ production, demoMode, ip, actor }: OutboxReader): boolean {
  if (production && !demoMode) return false;
  if (ipInCidrs(ip, LOOPBACK)) return true;
  return actor !== null && actor.twoFactorEnabled && can(actor, "outbox.view");
}
