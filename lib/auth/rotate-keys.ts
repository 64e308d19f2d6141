import "server-only";
import type { Db } from "@/lib/db";
import { needsReencrypt, reencrypt, type Keyring } from "@/lib/security/crypto";

// Re-encrypts every stored TOTP secret (active and pending) with the keyring's newest key.
// Each row is updated only if it still holds the ciphertext that was read, so a user enrolling
// at the same moment is never overwritten; running it again changes nothing.

export async function rotateTotpKeys(db: Db, keyring: Keyring): Promise<{ checked: number; rotated: number }> {
  let checked = 0;
  let rotated = 0;
  let cursor: string | undefined;
  for (;;) {
    const users = await db.user.findMany({
      where: { OR: [{ totpSecretEnc: { not: null } }, { totpPendingEnc: { not: null } }] },
      select: { id: true, totpSecretEnc: true, totpPendingEnc: true },
      orderBy: { id: "asc" },
      take: 200,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (users.length === 0) break;
    for (const user of users) {
      checked++;
      const stale = (payload: string | null) => payload !== null && needsReencrypt(keyring, payload);
      if (!stale(user.totpSecretEnc) && !stale(user.totpPendingEnc)) continue;
      const next = (payload: string | null) => (payload === null ? null : reencrypt(keyring, payload, user.id));
      const { count } = await db.user.updateMany({
        where: { id: user.id, totpSecretEnc: user.totpSecretEnc, totpPendingEnc: user.totpPendingEnc },
        data: { totpSecretEnc: next(user.totpSecretEnc), totpPendingEnc: next(user.totpPendingEnc) },
      });
      rotated += count;
    }
    cursor = users.at(-1)?.id;
  }
  return { checked, rotated };
}
