// Seeded nonparametric bootstrap over holdout rows: each replicate is a vector of multiplicities (a resample of n rows with
// replacement, Efron 1979), statistics are recomputed from fixed predictions; intervals are percentile intervals (type-7 quantiles).

import type { Rng } from '../../src/rng.js';
import { quantileSorted } from '../../src/domain.js';

/** Multiplicities of a resample of n rows drawn with replacement from rows 0..n-1 (sums to n). */
export function bootstrapWeights(n: number, rng: Rng, out: Float64Array = new Float64Array(n)): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) out[rng.int(n)] += 1;
  return out;
}

/** A point estimate with a percentile bootstrap interval; null (with reason) where undefined. */
export interface Estimate {
  value: number | null;
  lower: number | null;
  upper: number | null;
  reason?: string;
}

/**
 * Percentile interval of the finite replicate values at the given two-sided confidence (type-7 quantiles of
 * (1 - confidence)/2 and (1 + confidence)/2). Null bounds when fewer than 2 replicates are defined.
 */
export function percentileInterval(replicates: ArrayLike<number | null>, confidence = 0.95): { lower: number | null; upper: number | null; defined: number } {
  const vals: number[] = [];
  for (let i = 0; i < replicates.length; i++) {
    const v = replicates[i];
    if (v !== null && Number.isFinite(v)) vals.push(v);
  }
  if (vals.length < 2) return { lower: null, upper: null, defined: vals.length };
  const s = Float64Array.from(vals).sort();
  const a = (1 - confidence) / 2;
  return { lower: quantileSorted(s, a), upper: quantileSorted(s, 1 - a), defined: vals.length };
}

/** Point value plus percentile interval, reasons carried when undefined. */
export function makeEstimate(value: number | null, replicates: ArrayLike<number | null>, confidence: number, reason?: string): Estimate {
  if (value === null || !Number.isFinite(value)) return { value: null, lower: null, upper: null, reason: reason ?? 'undefined on this input' };
  const iv = percentileInterval(replicates, confidence);
  const e: Estimate = { value, lower: iv.lower, upper: iv.upper };
  if (iv.lower === null) e.reason = replicates.length === 0 ? 'no bootstrap replicates requested' : 'undefined in almost every bootstrap replicate';
  return e;
}

/**
 * Runs B bootstrap replicates over n rows: stat(weights) for each, returned as an array (null where undefined).
 * The same weights are shared by all statistics computed inside one call to stat, so paired comparisons stay paired.
 */
export function bootstrapReplicates<T>(n: number, B: number, rng: Rng, stat: (w: Float64Array, b: number) => T): T[] {
  const out: T[] = [];
  const w = new Float64Array(n);
  for (let b = 0; b < B; b++) {
    bootstrapWeights(n, rng, w);
    out.push(stat(w, b));
  }
  return out;
}
