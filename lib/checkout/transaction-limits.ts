// A sale sends many checkouts at once; SQLite runs their transactions one after another, so
// each may wait its turn longer than Prisma's 2-second default before giving up.
export const TRANSACTION_LIMITS = { maxWait: 15_000, timeout: 15_000 };
