// Rank-agreement statistics between two score vectors over the same K models: Spearman's rho (Pearson on average
// ranks, ties share their mean rank), Kendall's tau-b (tie-corrected) and Jordon et al. (2018)'s synthetic ranking agreement.

import { averageRanks as sharedAverageRanks } from '../../src/ranks.js';
import { pearson as sharedPearson, pearsonSums } from '../../src/stats.js';

/** A statistic that may be undefined on its input, with the reason instead of NaN. */
export interface MaybeNumber {
  value: number | null;
  reason?: string;
}

/** Average ranks (1-based, ties share the mean rank; src/ranks.ts); non-finite values are an error here. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) throw new Error(`averageRanks: non-finite value at ${i}`);
  return sharedAverageRanks(x);
}

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`rank statistics: vectors differ in length (${a.length} vs ${b.length})`);
}

/**
 * Pearson correlation (src/stats.ts); null (with reason) when either vector has zero variance or fewer than 2 entries.
 * NaN entries are dropped pairwise (the callers pass ranks, which are never NaN).
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): MaybeNumber {
  checkPair(a, b);
  if (a.length < 2) return { value: null, reason: 'fewer than 2 models' };
  const { sxx: saa, syy: sbb } = pearsonSums(a, b);
  if (saa === 0 || sbb === 0) return { value: null, reason: saa === 0 && sbb === 0 ? 'all scores tied on both sides' : saa === 0 ? 'all scores tied on the first side' : 'all scores tied on the second side' };
  return { value: sharedPearson(a, b) };
}

/** Spearman's rho = Pearson correlation of average ranks (the tie-corrected form). */
export function spearmanRho(a: ArrayLike<number>, b: ArrayLike<number>): MaybeNumber {
  checkPair(a, b);
  if (a.length < 2) return { value: null, reason: 'fewer than 2 models' };
  return pearson(averageRanks(a), averageRanks(b));
}

/** Pair counts behind Kendall's tau-b and SRA (over unordered pairs i < j). */
export interface PairCounts {
  pairs: number;
  concordant: number;
  discordant: number;
  /** Pairs tied in a only, in b only, in both. */
  tiedA: number;
  tiedB: number;
  tiedBoth: number;
}

export function pairCounts(a: ArrayLike<number>, b: ArrayLike<number>): PairCounts {
  checkPair(a, b);
  const n = a.length;
  const c: PairCounts = { pairs: 0, concordant: 0, discordant: 0, tiedA: 0, tiedB: 0, tiedBoth: 0 };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      c.pairs++;
      const da = a[i] - a[j];
      const db = b[i] - b[j];
      if (da === 0 && db === 0) c.tiedBoth++;
      else if (da === 0) c.tiedA++;
      else if (db === 0) c.tiedB++;
      else if (da * db > 0) c.concordant++;
      else c.discordant++;
    }
  }
  return c;
}

/**
 * Kendall's tau-b = (C - D) / sqrt((n0 - n1)(n0 - n2)), n0 = pairs, n1 = pairs tied in a (incl. both), n2 = pairs tied in b.
 * Null when every pair is tied on one side (the denominator is 0).
 */
export function kendallTauB(a: ArrayLike<number>, b: ArrayLike<number>): MaybeNumber {
  const c = pairCounts(a, b);
  if (c.pairs === 0) return { value: null, reason: 'fewer than 2 models' };
  const n1 = c.tiedA + c.tiedBoth;
  const n2 = c.tiedB + c.tiedBoth;
  const den = Math.sqrt((c.pairs - n1) * (c.pairs - n2));
  if (den === 0) return { value: null, reason: c.pairs === n1 && c.pairs === n2 ? 'all scores tied on both sides' : c.pairs === n1 ? 'all scores tied on the first side' : 'all scores tied on the second side' };
  return { value: Math.max(-1, Math.min(1, (c.concordant - c.discordant) / den)) };
}

/**
 * Synthetic ranking agreement (Jordon et al. 2018): SRA = 1/(K(K-1)) sum_{i != j} 1[(A_i - A_j)(B_i - B_j) > 0],
 * i.e. the share of model pairs ordered the same strict way on both sides. A pair tied on either side counts as not agreeing.
 */
export function rankingAgreement(a: ArrayLike<number>, b: ArrayLike<number>): MaybeNumber {
  const c = pairCounts(a, b);
  if (c.pairs === 0) return { value: null, reason: 'fewer than 2 models' };
  // ordered pairs i != j double both numerator and denominator of the unordered count
  return { value: c.concordant / c.pairs };
}
