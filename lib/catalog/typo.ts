// Typo tolerance: the nearest word of the catalog's own vocabulary by edit distance, computed
// here rather than in either database so both give the same suggestion.

/** Optimal string alignment distance (Levenshtein plus swapping two neighbours), capped at max + 1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (i > 0 && best > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** How many edits a word of this length may be away: none for short words, where guesses go wrong. */
const allowedEdits = (word: string) => (word.length < 4 ? 0 : word.length < 7 ? 1 : 2);

export type Vocabulary = Map<string, number>;

/** Word → how many times the catalog uses it. */
export function buildVocabulary(texts: Iterable<string>): Vocabulary {
  const vocabulary: Vocabulary = new Map();
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (word.length >= 3 && !/^\d+$/.test(word)) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
    }
  }
  return vocabulary;
}

/** The closest catalog word (fewest edits, then most used, then alphabetical), or null. */
export function nearestWord(word: string, vocabulary: Vocabulary): string | null {
  if (vocabulary.has(word)) return word;
  const max = allowedEdits(word);
  if (max === 0) return null;
  let best: { word: string; distance: number; count: number } | null = null;
  for (const [candidate, count] of vocabulary) {
    const distance = editDistance(word, candidate, max);
    if (distance > max) continue;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && (count > best.count || (count === best.count && candidate < best.word)))
    ) {
      best = { word: candidate, distance, count };
    }
  }
  return best?.word ?? null;
}

/** The query with every unknown term replaced by its nearest catalog word, or null if none changed. */
export function correctTerms(terms: string[], vocabulary: Vocabulary): string[] | null {
  let changed = false;
  const corrected = terms.map((t) => {
    const near = nearestWord(t, vocabulary);
    if (near && near !== t) changed = true;
    return near ?? t;
  });
  return changed ? corrected : null;
}
