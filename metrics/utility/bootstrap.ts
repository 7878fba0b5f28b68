// Seeded nonparametric bootstrap over holdout rows: each replicate is a vector of multiplicities (a resample of n rows with
// replacement, Efron 1979), statistics are recomputed from fixed predictions; intervals are percentile intervals (type-7 quantiles).

import type { Rng } from '../../src/rng.js';
import { bootstrapWeights, percentileInterval } from '../../src/stats.js';

/** A point estimate with a percentile bootstrap interval; null (with reason) where undefined. */
export interface Estimate {
  value: number | null;
  lower: number | null;
  upper: number | null;
  reason?: string;
}

/** Point value plus percentile interval, reasons carried when undefined. */
export function makeEstimate(value: number | null, replicates: ArrayLike<number | null>, confidence: number, reason?: string): Estimate {
  if (value === null || !Number.isFinite(value)) return { value: null, lower: null, upper: null, reason: reason ?? 'undefined on this input' };
  const iv = percentileInterval(replicates, confidence);
  const e: Estimate = { value, lower: iv ? iv[0] : null, upper: iv ? iv[1] : null };
  if (!iv) e.reason = replicates.length === 0 ? 'no bootstrap replicates requested' : 'undefined in almost every bootstrap replicate';
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
