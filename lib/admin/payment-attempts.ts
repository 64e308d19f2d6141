import "server-only";
import type { Db } from "@/lib/db";
import { normalizeEmail } from "@/lib/fraud/normalize";
import { isAttemptOutcome, type AttemptOutcome } from "@/lib/payments/attempts";

// The payment attempts a reviewer reads beside a held order: every card tried on this order,
// and for context the other recent attempts by the same account, the same (normalized) email or
// the same cards. Called by orderForReview, after its permission check.

/** How far before the order the related attempts reach. */
export const RELATED_ATTEMPT_DAYS = 30;
const MAX_RELATED = 50;
const MAX_OWN = 100;

const attemptSelect = {
  id: true,
  orderId: true,
  userId: true,
  emailNormalized: true,
  ip: true,
  outcome: true,
  errorCode: true,
  declineCode: true,
  cardFingerprint: true,
  cardBrand: true,
  cardLast4: true,
  cardCountry: true,
  cvcCheck: true,
  addressLine1Check: true,
  postalCodeCheck: true,
  threeDSecure: true,
  attemptedAt: true,
  order: { select: { reference: true } },
} as const;

type RelatedBy = "account" | "email" | "card";

export type ReviewedAttempt = {
  id: string;
  orderId: string;
  orderReference: string;
  outcome: AttemptOutcome | "UNKNOWN";
  errorCode: string | null;
  declineCode: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  cardCountry: string | null;
  cvcCheck: string | null;
  addressLine1Check: string | null;
  postalCodeCheck: string | null;
  threeDSecure: string | null;
  ip: string | null;
  attemptedAt: Date;
  /** For attempts on other orders: what they share with this one. */
  relatedBy: RelatedBy[];
};

export type AttemptsForReview = { own: ReviewedAttempt[]; related: ReviewedAttempt[] };

type Row = {
  id: string;
  orderId: string;
  userId: string | null;
  emailNormalized: string;
  outcome: string;
  cardFingerprint: string | null;
  order: { reference: string };
} & Omit<ReviewedAttempt, "orderReference" | "relatedBy" | "outcome">;

const toReviewed = (row: Row, relatedBy: RelatedBy[]): ReviewedAttempt => ({
  id: row.id,
  orderId: row.orderId,
  orderReference: row.order.reference,
  outcome: isAttemptOutcome(row.outcome) ? row.outcome : "UNKNOWN",
  errorCode: row.errorCode,
  declineCode: row.declineCode,
  cardBrand: row.cardBrand,
  cardLast4: row.cardLast4,
  cardCountry: row.cardCountry,
  cvcCheck: row.cvcCheck,
  addressLine1Check: row.addressLine1Check,
  postalCodeCheck: row.postalCodeCheck,
  threeDSecure: row.threeDSecure,
  ip: row.ip,
  attemptedAt: row.attemptedAt,
  relatedBy,
});

export async function attemptsForReview(
  db: Db,
  order: { id: string; userId: string | null; email: string; createdAt: Date; cardFingerprint: string | null },
): Promise<AttemptsForReview> {
  const own: Row[] = await db.paymentAttempt.findMany({
    where: { orderId: order.id },
    orderBy: { attemptedAt: "asc" },
    take: MAX_OWN,
    select: attemptSelect,
  });
  const email = normalizeEmail(order.email) ?? order.email;
  const fingerprints = [
    ...new Set([order.cardFingerprint, ...own.map((a) => a.cardFingerprint)].filter((f): f is string => f !== null)),
  ];
  const since = new Date(order.createdAt.getTime() - RELATED_ATTEMPT_DAYS * 86_400_000);
  const others: Row[] = await db.paymentAttempt.findMany({
    where: {
      orderId: { not: order.id },
      attemptedAt: { gte: since },
      OR: [
        { emailNormalized: email },
        ...(order.userId ? [{ userId: order.userId }] : []),
        ...(fingerprints.length > 0 ? [{ cardFingerprint: { in: fingerprints } }] : []),
      ],
    },
    orderBy: { attemptedAt: "desc" },
    take: MAX_RELATED,
    select: attemptSelect,
  });
  const fingerprintSet = new Set(fingerprints);
  return {
    own: own.map((row) => toReviewed(row, [])),
    related: others.map((row) =>
      toReviewed(
        row,
        [
          order.userId !== null && row.userId === order.userId ? ("account" as const) : null,
          row.emailNormalized === email ? ("email" as const) : null,
          row.cardFingerprint !== null && fingerprintSet.has(row.cardFingerprint) ? ("card" as const) : null,
        ].filter((r): r is RelatedBy => r !== null),
      ),
    ),
  };
}
