// Name matching for fraud rules: is the person on the card plausibly the customer?
// Deliberately not fuzzy ("Jon" is not "John"): a typo-tolerant matcher would also accept
// the near-miss names fraudsters use, and a false "match" silences an alert for good.
//
// normalizeName handles case, accents, punctuation and whitespace; compareNames adds word order,
// initials and missing middle names. Names in different scripts never match (no transliteration):
// "Ivan Petrov" is not "Иван Петров". Names without spaces (common in CJK) are one token, so
// "山田太郎" matches "山田太郎" but not "山田 太郎".

// Letters that Unicode decomposition leaves alone but people type without the diacritic.
const LETTER_MAP: Record<string, string> = {
  ß: "ss",
  ø: "o",
  æ: "ae",
  œ: "oe",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
  ŋ: "n",
  ŧ: "t",
  ſ: "s",
  ĸ: "k",
  // Greek final sigma is the same letter as σ.
  ς: "σ",
};
const MAPPED_LETTERS = new RegExp(`[${Object.keys(LETTER_MAP).join("")}]`, "gu");

// Removed rather than turned into spaces, so "O'Brien" stays one word instead of "O" + "Brien".
// Includes the spacing acute/grave that keyboards produce instead of an apostrophe, and the
// Catalan middle dot (which NFKD also produces from "ŀ").
const JOINERS = /['\u2018\u2019\u02BC\u02B9\u2032`\u00B4\u00B7]/g;

// Only the Combining Diacritical Marks block (Latin, Greek, Cyrillic accents). Marks in other
// blocks are part of the letter: Devanagari vowel signs, the kana voicing marks (ガ ≠ カ).
const DIACRITICS = /[\u0300-\u036F]/g;

const NOT_NAME_CHAR = /[^\p{L}\p{M}\p{N}]+/gu;

export function nameTokens(name: string | null | undefined): string[] {
  const folded = (name ?? "")
    .replace(JOINERS, "")
    // NFKD also folds compatibility forms: full-width "ＪＯＨＮ", half-width kana, ligatures.
    .normalize("NFKD")
    .replace(DIACRITICS, "")
    .toLowerCase()
    .replace(MAPPED_LETTERS, (ch) => LETTER_MAP[ch] ?? ch)
    .replace(JOINERS, "")
    // Recompose what NFKD split but we kept (Hangul syllables, voiced kana).
    .normalize("NFC");
  return folded
    .replace(NOT_NAME_CHAR, " ")
    .split(" ")
    .filter((token) => token !== "");
}

// The canonical spelling of a name: lower case, no accents or punctuation, single spaces.
// Word order is kept; compareNames ignores it.
export function normalizeName(name: string | null | undefined): string {
  return nameTokens(name).join(" ");
}

// A one-letter token in a script with case ("J", "Ж") is an initial. A single CJK character is
// a whole name part ("王 明"), so it must match exactly.
function isInitial(token: string): boolean {
  return [...token].length === 1 && token.toUpperCase() !== token.toLowerCase();
}

function firstLetter(token: string): string {
  return [...token][0] ?? "";
}

export type NameComparison = "match" | "mismatch" | "unknown";

// "unknown" when either side has no usable characters: such a pair is not evaluated.
export function compareNames(a: string | null | undefined, b: string | null | undefined): NameComparison {
  const x = nameTokens(a);
  const y = nameTokens(b);
  if (x.length === 0 || y.length === 0) return "unknown";
  return tokensMatch(x, y) ? "match" : "mismatch";
}

// True only for a positive match; false also when either name is empty (use compareNames to
// tell "different" from "nothing to compare").
export function namesMatch(a: string | null | undefined, b: string | null | undefined): boolean {
  return compareNames(a, b) === "match";
}

// Every token of the shorter name must pair with a distinct token of the longer one (extra tokens
// on the longer side are middle names, titles or suffixes), in any order. A full word pairs with
// the same word or with its initial; an initial pairs with the same initial too. At least one
// pair must be a full word on both sides: "J. S." says too little to match "John Smith". A
// one-word name matches only the same one word: "John" vs "John Smith" has lost the surname.
function tokensMatch(x: string[], y: string[]): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length === 1) return long.length === 1 && short[0] === long[0] && !isInitial(short[0] ?? "");

  // Pairing identical full words first never loses a solution: if "smith" were instead paired
  // with the initial "s", swapping partners with whoever took the other "smith" keeps both valid.
  const longFull = new Map<string, number>();
  const longInitials: string[] = [];
  for (const token of long) {
    if (isInitial(token)) longInitials.push(token);
    else longFull.set(token, (longFull.get(token) ?? 0) + 1);
  }
  let exactPairs = 0;
  const shortRest: string[] = [];
  for (const token of short) {
    const available = longFull.get(token) ?? 0;
    if (!isInitial(token) && available > 0) {
      longFull.set(token, available - 1);
      exactPairs += 1;
    } else {
      shortRest.push(token);
    }
  }
  if (exactPairs === 0) return false;

  // What is left pairs only through initials, so only the first letter matters. Per letter: the
  // short side's full words need the long side's initials; its initials can take whatever remains.
  const groups = new Map<string, { shortFull: number; shortInitial: number; longFull: number; longInitial: number }>();
  const group = (letter: string) => {
    let g = groups.get(letter);
    if (!g) groups.set(letter, (g = { shortFull: 0, shortInitial: 0, longFull: 0, longInitial: 0 }));
    return g;
  };
  for (const token of shortRest) group(firstLetter(token))[isInitial(token) ? "shortInitial" : "shortFull"] += 1;
  for (const token of longInitials) group(token).longInitial += 1;
  for (const [token, count] of longFull) if (count > 0) group(firstLetter(token)).longFull += count;

  for (const g of groups.values()) {
    if (g.shortFull > g.longInitial) return false;
    if (g.shortFull + g.shortInitial > g.longInitial + g.longFull) return false;
  }
  return true;
}
