import { describe, expect, it } from "vitest";

import { compareNames, nameTokens, namesMatch, normalizeName } from "@/lib/fraud/names";

describe("normalizeName", () => {
  it("lower-cases, strips accents and punctuation, collapses whitespace", () => {
    expect(normalizeName("  José   Álvarez ")).toBe("jose alvarez");
    expect(normalizeName("SMITH,\tJOHN")).toBe("smith john");
    expect(normalizeName("J.R.R. Tolkien")).toBe("j r r tolkien");
    expect(normalizeName("Nguyễn Thị Minh Khai")).toBe("nguyen thi minh khai");
  });

  it("folds letters that do not decompose via the small map", () => {
    expect(normalizeName("Straße Øster Ærø Łukasz Đorđe Þór")).toBe("strasse oster aero lukasz dorde thor");
    expect(normalizeName("ẞ")).toBe("ss");
    expect(normalizeName("Kılıç")).toBe("kilic");
    expect(normalizeName("İlkay")).toBe("ilkay");
  });

  it("keeps apostrophes inside a word and splits on hyphens", () => {
    expect(normalizeName("O'Brien")).toBe("obrien");
    expect(normalizeName("D’Angelo")).toBe("dangelo");
    expect(normalizeName("O´Neill")).toBe("oneill");
    expect(normalizeName("Mary-Jane Watson")).toBe("mary jane watson");
    expect(normalizeName("Gal·la Coll")).toBe(normalizeName("Gaŀla Coll"));
  });

  it("folds full-width forms and keeps non-Latin scripts intact", () => {
    expect(normalizeName("ＪＯＨＮ　ＳＭＩＴＨ")).toBe("john smith");
    expect(normalizeName("Пётр Иванов")).toBe("петр иванов");
    expect(normalizeName("山田 太郎")).toBe("山田 太郎");
    // Kana voicing marks are not accents: ガ stays ガ (half-width ｶﾞ folds to it too).
    expect(normalizeName("ガ")).toBe("ガ");
    expect(normalizeName("ｶﾞ")).toBe("ガ");
    expect(normalizeName("ガ")).not.toBe(normalizeName("カ"));
    // Devanagari vowel signs are combining marks outside the accent block and must survive.
    expect(normalizeName("राम")).toBe("राम");
    expect(normalizeName("राम")).not.toBe(normalizeName("रम"));
    expect(normalizeName("김민수")).toBe("김민수");
  });

  it("returns an empty string for nothing usable", () => {
    expect(normalizeName("")).toBe("");
    expect(normalizeName("  .,-  ")).toBe("");
    expect(normalizeName(null)).toBe("");
    expect(nameTokens(undefined)).toEqual([]);
  });
});

describe("namesMatch", () => {
  const match: Array<[string, string]> = [
    ["John Smith", "John Smith"],
    ["J. Smith", "John Smith"],
    ["SMITH JOHN", "John Smith"],
    ["Smith, John", "john smith"],
    ["José Álvarez", "Jose Alvarez"],
    ["John Q. Smith", "John Smith"],
    ["John Quincy Smith", "John Smith"],
    ["John Q. Smith", "John Quincy Smith"],
    ["J Q Smith", "John Quincy Smith"],
    ["Mr John Smith", "John Smith"],
    ["John Smith, Jr.", "John Smith"],
    ["Dr. Smith, John", "John Smith"],
    ["Søren Kierkegaard", "Soren Kierkegaard"],
    ["Łukasz Nowak", "Lukasz Nowak"],
    ["GROSSMANN HANS", "Hans Großmann"],
    ["Иван Петров", "ПЕТРОВ ИВАН"],
    ["И. Петров", "Иван Петров"],
    ["Пётр Сидоров", "Петр Сидоров"],
    ["山田 太郎", "太郎 山田"],
    ["王小明", "王小明"],
    ["Madonna", "MADONNA"],
    // The cases from issue 12: case, "Family, Given", initials, a middle initial, accents,
    // hyphens and extra spaces.
    ["Alice Martin", "ALICE MARTIN"],
    ["Alice Martin", "Martin, Alice"],
    ["Alice Martin", "A. Martin"],
    ["Alice Martin", "Alice B. Martin"],
    ["Alice Robert Brown Martin", "Alice Martin"],
    ["Alice Robert Brown Martin", "A. R. Martin"],
    ["Anne-Marie Dupont", "Anne Marie Dupont"],
    ["Anne-Marie Dupont", "Anne Dupont"],
    ["  Alice   Martin ", "Alice Martin"],
    ["Martin, Alice B.", "Alice Martin"],
    ["van der Berg, Anne", "Anne van der Berg"],
  ];
  it.each(match)("%s ≈ %s", (a, b) => {
    expect(namesMatch(a, b)).toBe(true);
    expect(namesMatch(b, a)).toBe(true);
  });

  const differ: Array<[string, string]> = [
    ["Jane Doe", "John Smith"],
    ["J. Doe", "John Smith"],
    ["Jon Smith", "John Smith"],
    // Both sides have a middle name and they disagree.
    ["John Michael Smith", "John Robert Smith"],
    ["J. Smith", "K. Smith"],
    // Extra words are middle names, never a whole other person inside a longer name.
    ["Alice Robert Brown Martin", "Robert Brown"],
    ["Alice Robert Brown Martin", "Brown Martin"],
    ["Alice Robert Brown", "Robert Brown"],
    ["Alice Robert Brown Martin", "Robert Martin"],
    ["Alice Robert Brown Martin", "Alice Brown"],
    // The first given names must pair: a middle name is not the first name.
    ["Q. Smith", "John Quincy Smith"],
    // The family name is a full word on both sides.
    ["Alice M.", "Alice Brown"],
    // Middle names pair in order.
    ["Alice Brown Robert Martin", "Alice Robert Brown Martin"],
    // Family-first reading is for reorderings only ("SMITH JOHN"), not for longer names.
    ["Brown Robert", "Alice Robert Brown"],
    // Initials alone say too little.
    ["J. S.", "John Smith"],
    // A surname missing is not a middle name missing.
    ["John", "John Smith"],
    ["J", "J"],
    // Different scripts are not transliterated.
    ["Ivan Petrov", "Иван Петров"],
    // CJK without spaces is one token.
    ["山田太郎", "山田 太郎"],
    // A single CJK character is a name part, not an initial.
    ["王 明", "王 明华"],
    ["カ ヤマダ", "ガ ヤマダ"],
  ];
  it.each(differ)("%s ≠ %s", (a, b) => {
    expect(namesMatch(a, b)).toBe(false);
    expect(namesMatch(b, a)).toBe(false);
    expect(compareNames(a, b)).toBe("mismatch");
  });

  it("uses each token once: one 'Smith' cannot cover two", () => {
    expect(namesMatch("Smith Smith", "John Smith")).toBe(false);
    expect(namesMatch("Smith Smith", "Smith J. Smith")).toBe(true);
    // Same length: every token must pair, so two J-initials need two J-words.
    expect(namesMatch("J. J. Smith", "John Kim Smith")).toBe(false);
    expect(namesMatch("J. J. Smith", "John James Smith")).toBe(true);
    // Longer side: the extra J. is a middle initial, as in "John J. Smith" vs "John Smith".
    expect(namesMatch("J. J. Smith", "John Smith")).toBe(true);
  });

  it("pairs an initial against an initial or a full word of the same letter", () => {
    expect(namesMatch("J. Smith", "J. Smith")).toBe(true);
    expect(namesMatch("John J. Smith", "J. Jacob Smith")).toBe(true);
    expect(namesMatch("John K. Smith", "J. Jacob Smith")).toBe(false);
  });
});

describe("name shape", () => {
  it("takes the word before a comma as the family name, whatever the order of the rest", () => {
    expect(namesMatch("Martin, Alice", "Alice Martin")).toBe(true);
    expect(namesMatch("Brown Martin, Alice", "Alice Brown Martin")).toBe(true);
    expect(namesMatch("Brown Martin, Alice", "Alice Brown")).toBe(false);
  });

  it("reads a name family-first only as a reordering of as many words", () => {
    expect(namesMatch("MARTIN ALICE", "Alice Martin")).toBe(true);
    expect(namesMatch("MARTIN ALICE", "Alice B. Martin")).toBe(false);
    expect(namesMatch("Martin, Alice", "Alice B. Martin")).toBe(true);
    // "PETROV I." is a family-first name with an initial.
    expect(namesMatch("PETROV I.", "Ivan Petrov")).toBe(true);
  });
});

describe("compareNames", () => {
  it("is 'unknown' (not evaluated) when either side is empty", () => {
    expect(compareNames("", "John Smith")).toBe("unknown");
    expect(compareNames("John Smith", "   ")).toBe("unknown");
    expect(compareNames(null, undefined)).toBe("unknown");
    expect(compareNames("...", "John Smith")).toBe("unknown");
    // namesMatch only promises a positive match.
    expect(namesMatch("", "")).toBe(false);
  });

  it("reports match and mismatch", () => {
    expect(compareNames("J. Smith", "John Smith")).toBe("match");
    expect(compareNames("Jane Doe", "John Smith")).toBe("mismatch");
  });
});
