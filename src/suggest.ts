// "Did you mean ...?" for unknown option names and flags: the known name nearest in edit distance (adjacent
// transpositions count as one edit, so "tagret" is one edit from "target"), when it is near enough to be a typo.

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions, each 1. */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // three rolling rows: i-2, i-1, i
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/**
 * The known name nearest to `word` (case-insensitive), if it is within a typo's reach: at most 1 edit for names up to 4
 * characters, 2 up to 8, 3 beyond. Ties go to the earlier name in `known`. Undefined when nothing is close.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const reach = w.length <= 4 ? 1 : w.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(w, k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= reach ? best : undefined;
}

/** ` (did you mean "x"? known: a, b, c)` or ` (known: a, b, c)`: the tail of an unknown-option message. */
export function knownHint(word: string, known: readonly string[]): string {
  const near = closest(word, known);
  return ` (${near !== undefined ? `did you mean "${near}"? ` : ''}known: ${known.join(', ')})`;
}
