// Numeric-column fidelity on raw values: two-sample Kolmogorov-Smirnov statistic, 1-Wasserstein distance scaled
// by the real range, Pearson and Spearman (average ranks for ties) correlations; docs/definitions.md#ks-and-wasserstein.

import { averageRanks as sharedAverageRanks } from '../../src/ranks.js';
import { pearson } from '../../src/stats.js';

/** Present (non-NaN) values, sorted ascending. */
export function sortedPresent(x: Float64Array): Float64Array {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) m++;
  const o = new Float64Array(m);
  let t = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) o[t++] = x[i];
  return o.sort();
}

/**
 * KS = sup_x |F_a(x) - F_b(x)| and W1 = integral |F_a - F_b| dx over two SORTED samples (missing already removed).
 * Ties are handled by stepping both empirical CDFs past every copy of a value before comparing.
 * NaN when either sample is empty.
 */
export function ksAndW1Sorted(a: Float64Array, b: Float64Array): { ks: number; w1: number } {
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0) return { ks: NaN, w1: NaN };
  let i = 0;
  let j = 0;
  let ks = 0;
  let w1 = 0;
  let x = Math.min(a[0], b[0]);
  while (i < na || j < nb) {
    // advance both past x
    while (i < na && a[i] <= x) i++;
    while (j < nb && b[j] <= x) j++;
    const d = Math.abs(i / na - j / nb);
    if (d > ks) ks = d;
    if (i >= na && j >= nb) break;
    const next = i >= na ? b[j] : j >= nb ? a[i] : Math.min(a[i], b[j]);
    w1 += d * (next - x);
    x = next;
  }
  return { ks, w1 };
}

/** Two-sample KS statistic on raw values (NaN = missing, dropped). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  return ksAndW1Sorted(sortedPresent(a), sortedPresent(b)).ks;
}

/** 1-Wasserstein distance on raw values divided by `range` (the real column's max - min); missing dropped. */
export function wasserstein1(a: Float64Array, b: Float64Array, range = 1): number {
  return ksAndW1Sorted(sortedPresent(a), sortedPresent(b)).w1 / range;
}

/** Pearson correlation, pairwise-complete (src/stats.ts, shared with the utility ranking statistics). */
export { pearson };

/** Average ranks (1-based; ties share the mean of their positions). NaN entries stay NaN and are not ranked (src/ranks.ts). */
export const averageRanks = sharedAverageRanks;

/** Spearman correlation, pairwise-complete: rows missing either value are dropped, then the rest re-ranked. */
export function spearman(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let complete = true;
  for (let i = 0; i < n && complete; i++) if (Number.isNaN(x[i]) || Number.isNaN(y[i])) complete = false;
  if (complete) return pearson(averageRanks(x), averageRanks(y));
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) keep.push(i);
  const xs = Float64Array.from(keep, (i) => x[i]);
  const ys = Float64Array.from(keep, (i) => y[i]);
  return pearson(averageRanks(xs), averageRanks(ys));
}

/**
 * Correlation matrix (row-major d x d, diagonal 1, NaN where undefined) over the given columns.
 * Spearman reuses one ranking per column when no column pair has missing values.
 */
export function correlationMatrix(cols: Float64Array[], method: 'pearson' | 'spearman'): Float64Array {
  const d = cols.length;
  const out = new Float64Array(d * d);
  const hasMissing = cols.map((c) => c.some((v) => Number.isNaN(v)));
  const ranks = method === 'spearman' ? cols.map((c, j) => (hasMissing[j] ? null : averageRanks(c))) : null;
  for (let a = 0; a < d; a++) {
    out[a * d + a] = 1;
    for (let b = a + 1; b < d; b++) {
      let r: number;
      if (method === 'pearson') r = pearson(cols[a], cols[b]);
      else if (ranks![a] && ranks![b]) r = pearson(ranks![a]!, ranks![b]!);
      else r = spearman(cols[a], cols[b]);
      out[a * d + b] = r;
      out[b * d + a] = r;
    }
  }
  return out;
}
