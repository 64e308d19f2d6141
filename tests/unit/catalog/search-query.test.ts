import { describe, expect, it } from "vitest";
import { ftsMatch, parsePrice, readSearchParams, searchTerms, termVariants, tsQuery } from "@/lib/catalog/search-query";
import { buildVocabulary, correctTerms, editDistance, nearestWord } from "@/lib/catalog/typo";

describe("search terms", () => {
  it("keeps letters and digits only, drops stop words and repeats, at most five", () => {
    expect(searchTerms(`The "Chef's" KNIFE* OR 1=1; --`)).toEqual(["chef", "knife", "1"]);
    expect(searchTerms("a b c d e f g h")).toEqual(["b", "c", "d", "e", "f"]);
    expect(searchTerms("lamp lamp LAMP")).toEqual(["lamp"]);
  });

  it("adds the singular of irregular plurals", () => {
    expect(termVariants("knives")).toEqual(["knives", "knif", "knife"]);
    expect(termVariants("lamps")).toEqual(["lamps"]);
  });

  it("writes the same query in both full-text syntaxes, quoting every word for FTS5", () => {
    expect(ftsMatch(["knives", "steel"])).toBe(`("knives" OR "knif" OR "knife") AND ("steel")`);
    expect(ftsMatch(["steel"], "name")).toBe(`name : (("steel"))`);
    expect(tsQuery(["knives", "steel"])).toBe("(knives | knif | knife) & (steel)");
  });
});

describe("search form", () => {
  it("reads prices in dollars and refuses anything else with a reason", () => {
    expect(parsePrice("25")).toEqual({ cents: 2500 });
    expect(parsePrice("25.5")).toEqual({ cents: 2550 });
    expect(parsePrice("")).toEqual({});
    expect(parsePrice("-1").error).toMatch(/amount/);
    expect(parsePrice("1e3").error).toMatch(/amount/);
  });

  it("falls back to defaults for unknown sorts, bad slugs and pages, and keeps what was typed", () => {
    const { form, input, errors } = readSearchParams({
      q: [" lamp ", "x"],
      category: "../etc",
      sort: "DROP",
      page: "-3",
      min: "abc",
      max: "40",
      stock: "1",
    });
    expect(form.q).toBe("lamp");
    expect(form.min).toBe("abc");
    expect(errors.min).toBeDefined();
    expect(input).toEqual({
      query: "lamp",
      category: undefined,
      minCents: undefined,
      maxCents: 4000,
      inStock: true,
      sort: "relevance",
      page: 1,
    });
  });
});

describe("typo correction", () => {
  const vocabulary = buildVocabulary([
    "Wireless Headphones",
    "Over-ear headphones with noise cancelling",
    "Smart Desk Lamp",
    "Rechargeable Headlamp",
  ]);

  it("measures edits, a swap of neighbours as one", () => {
    expect(editDistance("headphnes", "headphones", 2)).toBe(1);
    expect(editDistance("lmap", "lamp", 2)).toBe(1);
    expect(editDistance("abc", "xyzzy", 1)).toBe(2);
  });

  it("finds the nearest catalog word, and leaves short or far words alone", () => {
    expect(nearestWord("headphnes", vocabulary)).toBe("headphones");
    expect(nearestWord("lmap", vocabulary)).toBe("lamp");
    expect(nearestWord("zzz", vocabulary)).toBeNull();
    expect(nearestWord("xqzvwkjh", vocabulary)).toBeNull();
    expect(correctTerms(["wireless", "headphnes"], vocabulary)).toEqual(["wireless", "headphones"]);
    expect(correctTerms(["wireless"], vocabulary)).toBeNull();
  });
});
