import "server-only";
import { AppError } from "@/lib/errors";
import type { CheckoutClient, CheckoutLimits } from "@/lib/checkout/start-limits";
import { challengeCost, type Challenge, type ChallengeRefusal, type Challenges } from "./challenge";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "shield" });

// When a checkout start must carry a solved proof-of-work challenge (docs/checkout-shield.md):
//   - every start while the decline-ratio breaker is open (lib/shield/breaker.ts), and
//   - a client past the soft limit: its address or its cart has used half of its checkout
//     start limit in the current window.
// The cost rises with the client's recent starts (challengeCost); the server checks the
// solution (signed, not expired, not cheaper than owed now, never seen before) before anything
// is created. The checkout page shows the widget when a challenge is due, and the refusal
// message asks for it when it became due after the page was shown.

type ChallengeClient = Pick<CheckoutClient, "ip" | "cartToken">;
type ChallengeDemand = { required: boolean; cost: number; because: "breaker" | "soft-limit" | null };

/** The form field the widget fills in (its `name`). */
export const CHALLENGE_FIELD = "altcha";

export const CHALLENGE_MESSAGES: Record<"missing" | ChallengeRefusal, string> = {
  missing:
    "We are seeing unusual checkout activity, so we ask every shopper for a quick automatic check. Select “I'm not a robot” below, wait until it says verified, then press Pay again. Your cart is saved.",
  expired: "The check expired. Select “I'm not a robot” again, then press Pay.",
  malformed: "The check could not be confirmed. Select “I'm not a robot” again, then press Pay.",
  forged: "The check could not be confirmed. Select “I'm not a robot” again, then press Pay.",
  wrong: "The check could not be confirmed. Select “I'm not a robot” again, then press Pay.",
  "too-cheap": "Your recent attempts need a longer check. Select “I'm not a robot” again, then press Pay.",
  replayed: "That check was already used. Select “I'm not a robot” again, then press Pay.",
};

export interface CheckoutChallengeGate {
  /** Whether this client must solve a challenge now, and its cost. Pass breakerOpen when already known. */
  demand(client: ChallengeClient, known?: { breakerOpen?: boolean }): Promise<ChallengeDemand>;
  /** A fresh challenge at the cost the client owes now (the widget fetches it). */
  issue(client: ChallengeClient): Promise<Challenge>;
  /** Throws a VALIDATION AppError (field `altcha`) unless a due challenge is solved; nothing happens when none is due. */
  enforce(demand: ChallengeDemand, solution: unknown): Promise<void>;
}

export type ChallengeGateDeps = { limits: CheckoutLimits; challenges: Challenges; breakerOpen: () => Promise<boolean> };

export function createCheckoutChallengeGate({
  limits,
  challenges,
  breakerOpen,
}: ChallengeGateDeps): CheckoutChallengeGate {
  async function demand(client: ChallengeClient, known: { breakerOpen?: boolean } = {}): Promise<ChallengeDemand> {
    const [open, recent] = await Promise.all([known.breakerOpen ?? breakerOpen(), limits.recent(client)]);
    const because = open ? "breaker" : recent.overSoftLimit ? "soft-limit" : null;
    return { required: because !== null, cost: challengeCost(recent.starts), because };
  }
  return {
    demand,
    async issue(client) {
      return challenges.create({ cost: (await demand(client)).cost });
    },
    async enforce(due, solution) {
      if (!due.required) return;
      if (typeof solution !== "string" || solution.trim() === "") throw refusal("missing");
      const verdict = await challenges.verify(solution.trim(), { minCost: due.cost });
      if (!verdict.ok) {
        log.info({ reason: verdict.reason, because: due.because }, "checkout challenge refused");
        throw refusal(verdict.reason);
      }
    },
  };
}

function refusal(reason: keyof typeof CHALLENGE_MESSAGES): AppError {
  const message = CHALLENGE_MESSAGES[reason];
  return new AppError("VALIDATION", message, { [CHALLENGE_FIELD]: message });
}
