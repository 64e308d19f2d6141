import { describe, expect, it } from "vitest";
import { REVIEW_CLAIM_MINUTES, reviewClaimState } from "@/lib/admin/claim-state";

const claimedAt = new Date("2026-03-01T10:00:00Z");
const at = (minutes: number) => new Date(claimedAt.getTime() + minutes * 60_000);
const ann = { id: "u_ann", name: "Ann" };
const until = at(REVIEW_CLAIM_MINUTES);

describe("who is reviewing a held order, as the queue shows it", () => {
  it("free when nobody has taken it", () => {
    expect(reviewClaimState({ reviewer: null, reviewClaimedAt: null }, "u_ann", claimedAt)).toEqual({ kind: "free" });
    expect(reviewClaimState({ reviewer: ann, reviewClaimedAt: null }, "u_ben", claimedAt)).toEqual({ kind: "free" });
  });

  it("mine to the holder, 'being reviewed by' to everyone else, until the claim lapses", () => {
    expect(
      reviewClaimState({ reviewer: ann, reviewClaimedAt: claimedAt }, "u_ann", at(REVIEW_CLAIM_MINUTES - 1)),
    ).toEqual({ kind: "mine", until });
    expect(
      reviewClaimState({ reviewer: ann, reviewClaimedAt: claimedAt }, "u_ben", at(REVIEW_CLAIM_MINUTES - 1)),
    ).toEqual({ kind: "other", name: "Ann", until });
  });

  it("after REVIEW_CLAIM_MINUTES others may take it over; to the holder it is simply free again", () => {
    expect(reviewClaimState({ reviewer: ann, reviewClaimedAt: claimedAt }, "u_ben", until)).toEqual({
      kind: "lapsed",
      name: "Ann",
    });
    expect(reviewClaimState({ reviewer: ann, reviewClaimedAt: claimedAt }, "u_ann", until)).toEqual({ kind: "free" });
  });
});
