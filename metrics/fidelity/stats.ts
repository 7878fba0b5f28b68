// Small statistics helpers shared by the fidelity metrics: the shifted bootstrap interval (over src/stats.ts's percentile
// interval, Efron & Tibshirani 1993, ch. 13), means that skip undefined values, and the JSON-safe number mapping (NaN -> null).

import { percentileInterval } from '../../src/stats.js';

/** A finite number or null (results never hold NaN or Infinity). */
export function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Mean over the finite entries (NaN when there are none). */
export function meanFinite(x: ArrayLike<number>): number {
  let s = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i])) {
      s += x[i];
      m++;
    }
  }
  return m ? s / m : NaN;
}

/** Max over the finite entries (NaN when there are none). */
export function maxFinite(x: ArrayLike<number>): number {
  let s = -Infinity;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && x[i] > s) s = x[i];
  return s === -Infinity ? NaN : s;
}

/** Column `c` of a row-major B x m replicate matrix. */
export function column(reps: Float64Array, m: number, c: number): Float64Array {
  const B = reps.length / m;
  const o = new Float64Array(B);
  for (let b = 0; b < B; b++) o[b] = reps[b * m + c];
  return o;
}

/**
 * Bootstrap spread centred on the observed value: value + (percentile interval - replicate mean), clipped below at
 * `floorAt` (0 for distances). For a distance the replicates sit above the observed value (resampling adds noise),
 * so the plain percentile interval can exclude the value itself; shifting removes that bias and keeps the spread
 * (and skew) of the replicates. Clipped to [floorAt, ceilAt] (the metric's range). Null when the value or fewer than
 * 2 replicates are finite.
 */
export function shiftedInterval(reps: ArrayLike<number>, value: number, level = 0.95, floorAt = 0, ceilAt = Infinity): [number, number] | null {
  const pi = percentileInterval(reps, level);
  if (!pi || !Number.isFinite(value)) return null;
  const mu = meanFinite(reps);
  const clip = (x: number) => Math.min(ceilAt, Math.max(floorAt, x));
  return [clip(value + pi[0] - mu), clip(value + pi[1] - mu)];
}
