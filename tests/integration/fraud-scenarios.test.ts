// The labelled fraud scenarios (tests/scenarios) with the shipped defaults, on each database:
// every fraud scenario must be held with its rule named, and at most 5% of the legitimate ones
// may be held. `npm run fraud:scenarios` prints the same table.
import { describe, expect, it } from "vitest";
import { seedCatalog } from "@/lib/db/seed";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { startPayments } from "../support/payments";
import { markdown, runScenarios } from "../scenarios/run";
import { SCENARIOS } from "../scenarios/scenarios";

describe.each(providers())("the fraud scenarios on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      return { pay: await startPayments(db) };
    },
    ({ pay }) => pay.close(),
  );

  it("has at least 40 scenarios, 15 of them fraud and 20 legitimate, each with a unique name", () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(40);
    expect(SCENARIOS.filter((s) => s.kind === "fraud").length).toBeGreaterThanOrEqual(15);
    expect(SCENARIOS.filter((s) => s.kind === "legitimate").length).toBeGreaterThanOrEqual(20);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
  });

  it("holds every fraud scenario with its rule named, and at most 5% of the legitimate ones", async () => {
    const result = await runScenarios(t.db, t.pay);
    const report = markdown(result);
    expect(result.totals.fraudHeld, report).toBe(result.totals.fraud);
    expect(result.totals.legitimateHeld, report).toBeLessThanOrEqual(Math.floor(result.totals.legitimate * 0.05));
  }, 240_000);
});
