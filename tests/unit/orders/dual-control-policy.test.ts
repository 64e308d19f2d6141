import { describe, expect, it } from "vitest";
import {
  needsSecondPerson,
  PROPOSAL_STATUSES,
  proposalStatus,
  type ProposalStatus,
} from "@/lib/orders/dual-control-policy";

// The two-person rule and the proposal lifecycle, written out by hand: a change to either must change this test.
const MOVES: Array<[ProposalStatus, ProposalStatus]> = [
  ["PENDING", "CONFIRMING"],
  ["PENDING", "EXPIRED"],
  ["PENDING", "WITHDRAWN"],
  ["PENDING", "CANCELLED"],
  ["CONFIRMING", "CONFIRMED"],
  ["CONFIRMING", "FAILED"],
];

describe("two-person control policy", () => {
  it("needs a second person strictly above the amount, and never when the amount is 0 (off)", () => {
    expect(needsSecondPerson(50_001, 50_000)).toBe(true);
    expect(needsSecondPerson(50_000, 50_000)).toBe(false);
    expect(needsSecondPerson(1, 0)).toBe(false);
    expect(needsSecondPerson(10_000_000, 0)).toBe(false);
  });

  it("allows exactly the moves of the table; nothing leaves a closed proposal, nothing returns to PENDING", () => {
    for (const from of PROPOSAL_STATUSES) {
      for (const to of PROPOSAL_STATUSES) {
        expect(proposalStatus.can(from, to), `${from} → ${to}`).toBe(MOVES.some(([f, t]) => f === from && t === to));
      }
    }
  });
});
