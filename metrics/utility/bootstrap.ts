// Seeded nonparametric bootstrap over holdout rows: each replicate is a vector of multiplicities (a resample of n rows with
// replacement, Efron 1979), statistics are recomputed from fixed predictions; intervals are percentile intervals (type-7 quantiles).

import type { Rng } from '../../src/rng.js';
import { bootstrapWeights, percentileInterval } from '../../src/stats.js';
import { measure, type Baseline, type BaselineKind, type Better, type Measure } from '../../src/measure.js';

/**
 * A point value with its percentile bootstrap interval, as a results Measure (src/measure.ts): `interval` is left out
 * when none can be computed (then `reason` says why); null value with a reason where the statistic is undefined.
 */
export function makeEstimate<K extends BaselineKind = BaselineKind>(value: number | null, replicates: ArrayLike<number | null>, confidence: number, better: Better, opts: { reason?: string; baseline?: Baseline<K> } = {}): Measure<K> {
  const base: { baseline?: Baseline<K> } = opts.baseline ? { baseline: opts.baseline } : {};
  if (value === null || !Number.isFinite(value)) return measure(null, better, { ...base, reason: opts.reason ?? 'undefined on this input' });
  const iv = percentileInterval(replicates, confidence);
  if (iv) return measure(value, better, { ...base, interval: [iv[0], iv[1]] });
  return measure(value, better, { ...base, reason: replicates.length === 0 ? 'no bootstrap replicates requested' : 'undefined in almost every bootstrap replicate' });
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
