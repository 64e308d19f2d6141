// Name matching for fraud rules: is the person on the card plausibly the customer?
// Deliberately not fuzzy ("Jon" is not "John"): a typo-tolerant matcher would also accept
// the near-miss names fraudsters use, and a false "match" silences an alert for good.
//
// normalizeName handles case, accents, punctuation and whitespace; compareNames adds the shape of
// a name (given names, then the family name), initials and missing middle names. Names in different scripts never match (no transliteration):
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

// Words that say nothing about who the person is: a leading title, a trailing generational or
// academic suffix. "Mr John Smith" is "John Smith"; "John Smith, Jr." has no family name "Jr".
const TITLES = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "mme", "mlle", "herr", "frau"]);
const SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"]);

// The words of a name in "given names, then family name" order. A comma means "Family, Given"
// ("Martin, Alice"), unless all that follows it is a suffix ("John Smith, Jr.").
function orderedWords(name: string | null | undefined): { words: string[]; comma: boolean } {
  const parts = (name ?? "").split(",").map(nameTokens);
  const kept = parts.filter((part, i) => i === 0 || part.some((w) => !SUFFIXES.has(w)));
  const comma = kept.length > 1;
  const words = comma ? [...kept.slice(1).flat(), ...(kept[0] ?? [])] : kept.flat();
  while (words.length > 1 && TITLES.has(words[0] ?? "")) words.shift();
  while (words.length > 1 && SUFFIXES.has(words.at(-1) ?? "")) words.pop();
  return { words, comma };
}

// One way to read a name: its given names in order (the first one first) and its family name.
type Reading = { given: string[]; family: string; familyFirst: boolean };

function readings(words: string[], comma: boolean): Reading[] {
  const family = words.at(-1) ?? "";
  const asWritten: Reading = { given: words.slice(0, -1), family, familyFirst: false };
  // Without a comma the name may be written family name first ("PETROV IVAN", "山田 太郎").
  if (comma) return [asWritten];
  return [asWritten, { given: words.slice(1), family: words[0] ?? "", familyFirst: true }];
}

// The same word, or an initial and a word (or initial) starting with that letter.
function compatible(a: string, b: string): boolean {
  if (a === b) return true;
  if (isInitial(a)) return firstLetter(b) === a;
  return isInitial(b) && firstLetter(a) === b;
}

// Is `short` an in-order subsequence of `long`, pairing compatible words? Taking the earliest
// compatible partner each time never loses a solution (only the order of the partners matters).
function pairsInOrder(short: string[], long: string[]): boolean {
  let j = 0;
  for (const word of short) {
    while (j < long.length && !compatible(word, long[j] ?? "")) j++;
    if (j === long.length) return false;
    j++;
  }
  return true;
}

// The family names are the same full word, the first given names are compatible, and the
// shorter side's middle names pair, in order, with middle names of the longer side. Extra words
// are therefore only ever middle names: "Robert Brown" is not inside "Alice Robert Brown Martin".
function readingsMatch(x: Reading, y: Reading): boolean {
  if (x.family !== y.family || isInitial(x.family)) return false;
  const [firstX, ...middleX] = x.given;
  const [firstY, ...middleY] = y.given;
  if (firstX === undefined || firstY === undefined || !compatible(firstX, firstY)) return false;
  return middleX.length <= middleY.length ? pairsInOrder(middleX, middleY) : pairsInOrder(middleY, middleX);
}

export type NameComparison = "match" | "mismatch" | "unknown";

// "unknown" when either side has no usable characters: such a pair is not evaluated.
export function compareNames(a: string | null | undefined, b: string | null | undefined): NameComparison {
  const x = orderedWords(a);
  const y = orderedWords(b);
  if (x.words.length === 0 || y.words.length === 0) return "unknown";
  return wordsMatch(x, y) ? "match" : "mismatch";
}

// True only for a positive match; false also when either name is empty (use compareNames to
// tell "different" from "nothing to compare").
export function namesMatch(a: string | null | undefined, b: string | null | undefined): boolean {
  return compareNames(a, b) === "match";
}

// A one-word name matches only the same one word: "John" vs "John Smith" has lost the family
// name. Reading one side family-first is allowed only for a reordering of as many words
// ("SMITH JOHN" = "John Smith"); otherwise "Robert Brown" read as family "Robert" would find a
// given name "Brown" in a longer name read backwards.
function wordsMatch(x: { words: string[]; comma: boolean }, y: { words: string[]; comma: boolean }): boolean {
  if (x.words.length === 1 || y.words.length === 1) {
    const [a] = x.words;
    return x.words.length === y.words.length && a === y.words[0] && !isInitial(a ?? "");
  }
  const sameLength = x.words.length === y.words.length;
  for (const rx of readings(x.words, x.comma)) {
    for (const ry of readings(y.words, y.comma)) {
      if ((rx.familyFirst || ry.familyFirst) && !sameLength) continue;
      if (readingsMatch(rx, ry)) return true;
    }
  }
  return false;
}
