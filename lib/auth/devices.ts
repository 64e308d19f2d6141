import "server-only";
import { newSignInEmail } from "@/lib/notify/auth-emails";
import { hashToken } from "@/lib/security/tokens";
import type { AuthDeps, RequestContext } from "./deps";
import { recordEvent } from "./events";
import { describeUserAgent } from "./user-agent";

// A browser is recognised by a long-lived random httpOnly cookie (only its hash is stored), and
// a (device, country) pair is "known" once it has signed in. A sign-in from an unseen pair emails
// the user, unless it is the account's very first device (registration records that one).

export async function rememberDevice(
  deps: AuthDeps,
  ctx: RequestContext,
  { user, deviceToken }: { user: { id: string; email: string }; deviceToken: string | null },
): Promise<void> {
  const deviceHash = hashToken(deviceToken ?? "no-device-cookie");
  const now = deps.now();
  const known = await deps.db.knownDevice.findFirst({
    where: { userId: user.id, deviceHash, country: ctx.country },
    select: { id: true },
  });
  if (known) {
    await deps.db.knownDevice.update({ where: { id: known.id }, data: { lastSeen: now } });
    return;
  }
  const anyKnown = await deps.db.knownDevice.count({ where: { userId: user.id } });
  await deps.db.knownDevice.create({
    data: { userId: user.id, deviceHash, country: ctx.country, firstSeen: now, lastSeen: now },
  });
  if (anyKnown === 0) return;
  await recordEvent(deps.db, ctx, { type: "NEW_DEVICE", userId: user.id });
  deps.notify(
    newSignInEmail(
      user.email,
      { device: describeUserAgent(ctx.userAgent), ip: ctx.ip, country: ctx.country, at: now },
      deps.appUrl,
    ),
  );
}
