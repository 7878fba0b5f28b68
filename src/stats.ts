// Statistics helpers shared by metrics/ and attacks/ (the floor: imports nothing above src/): bootstrap
// multiplicities (Efron 1979), percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13; type-7 quantiles),
// and the standard normal quantile with a range check. Conventions: docs/definitions.md#bootstrap-intervals.

import type { Rng } from './rng.js';
import { PhiInv } from './dp.js';
import { quantileSorted } from './domain.js';

/**
 * Bootstrap multiplicities: n draws with replacement from rows 0..n-1, as a count per row (sums to n). The draws are
 * rng.int(n)'s (same rejection sampling, inlined because this loop runs ~10^6 times per audit). `out` (zeroed here)
 * lets a caller reuse a buffer and choose its type; by default a new Int32Array.
 */
export function bootstrapWeights(n: number, rng: Rng): Int32Array;
export function bootstrapWeights<T extends Int32Array | Float64Array>(n: number, rng: Rng, out: T): T;
export function bootstrapWeights(n: number, rng: Rng, out?: Int32Array | Float64Array): Int32Array | Float64Array {
  const w = out ?? new Int32Array(Math.max(0, n));
  w.fill(0);
  if (n <= 0) return w;
  if (n > 0x100000000) {
    for (let t = 0; t < n; t++) w[rng.int(n)]++;
    return w;
  }
  const limit = Math.floor(0x100000000 / n) * n;
  for (let t = 0; t < n; t++) {
    let x = rng.nextU32();
    while (x >= limit) x = rng.nextU32();
    w[x % n]++;
  }
  return w;
}

/**
 * Percentile interval [q((1 - level)/2), q((1 + level)/2)] of the finite replicates (null and non-finite ones
 * dropped), type-7 quantiles as numpy's default; null when fewer than 2 replicates are finite.
 */
export function percentileInterval(reps: ArrayLike<number | null>, level = 0.95): [number, number] | null {
  const v: number[] = [];
  for (let i = 0; i < reps.length; i++) {
    const x = reps[i];
    if (x !== null && Number.isFinite(x)) v.push(x);
  }
  if (v.length < 2) return null;
  const s = Float64Array.from(v).sort();
  return [quantileSorted(s, (1 - level) / 2), quantileSorted(s, (1 + level) / 2)];
}

/** Standard normal quantile Phi^-1(p): the one implementation (src/dp.ts PhiInv, ~1e-15), with a range check. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1] (got ${p})`);
  return PhiInv(p);
}

/** z = Phi^-1((1 + cl) / 2) for a two-sided interval at confidence level cl. */
export function zFor(cl: number): number {
  if (!(cl > 0 && cl < 1)) throw new RangeError(`confidence level must be in (0, 1) (got ${cl})`);
  return normalQuantile((1 + cl) / 2);
}

/** Centred sums behind a Pearson correlation over the rows where both values are present (NaN = missing): m rows, Sxx, Syy, Sxy. */
export function pearsonSums(x: ArrayLike<number>, y: ArrayLike<number>): { m: number; sxx: number; syy: number; sxy: number } {
  const n = x.length;
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    m++;
    sx += a;
    sy += b;
  }
  if (m < 2) return { m, sxx: NaN, syy: NaN, sxy: NaN };
  const mx = sx / m;
  const my = sy / m;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const dx = a - mx;
    const dy = b - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { m, sxx, syy, sxy };
}

/**
 * Pearson correlation over rows where both values are present (pairwise-complete), clamped to [-1, 1]. NaN with fewer
 * than 2 such rows or a constant side. One implementation for fidelity (column correlations) and utility (Spearman's
 * rho of model scores = Pearson on average ranks).
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const { sxx, syy, sxy } = pearsonSums(x, y);
  if (!(sxx > 0 && syy > 0)) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}
