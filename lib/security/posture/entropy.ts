// Shannon entropy of the text's own character frequencies × its length. It cannot see patterns
// ("abcabc…" scores well) and underestimates short random strings, so it only catches secrets that
// are clearly not random: repeated characters, words, short hex. Never a proof of strength.
export function estimateEntropyBits(text: string): number {
  const chars = [...text];
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    bitsPerChar -= p * Math.log2(p);
  }
  return bitsPerChar * chars.length;
}

export const MIN_SECRET_BITS = 128;
