// A DP-safe Domain for `synthaudit generate`: numeric bins at private quantiles (a noisy fine histogram; heavy point masses get
// bins of their own) within user or private bounds, level sets as public metadata; Domain <-> JSON. Follows the Laplace histogram
// (Dwork, McSherry, Nissim & Smith 2006) and SmartNoise's approx_bounds; the histogram's denoising is our own (denoiseCounts).
//
// What is public and what is paid for:
// - Column kinds (schema inference or --kinds), whether a numeric column is integer-valued, and the set of category levels
//   are treated as public metadata, as the risk-calibrated AIM guide does for categorical domains; levels are sorted by label
//   (not by frequency, which would leak counts) and their counts are not kept. Pass --kinds to make kinds truly public.
// - procEpsilon (pure DP, basic composition) is split equally over the numeric columns that need a private step (all of them,
//   except integer columns whose user-given bounds hold at most `bins` integers: one bin per integer, free). By default it is
//   sized to cost 10% of the generator's budget (rho under zCDP, mu^2 under GDP; procEpsilonForShare), 0.3 without one.
//   Each Laplace histogram below has L1 sensitivity 1 under add/remove (a row adds 1 to one bucket), so it is eps-DP; every
//   mechanism's epsilon is listed in `procEpsilons` and the generator composes them into its claim (one ledger entry each).
// - Bounds (only when not given by --bounds) cost half of the column's share, eps_b: a histogram over exact 0, 0 < |x| < 2^-10
//   and the signed octaves 2^e <= |x| < 2^(e+1) up to 2^60 (larger values in the top octave; integer columns skip the buckets
//   below 1) with Laplace(1/eps_b) per bucket. The outermost buckets whose noisy count exceeds ln(B/1e-4)/eps_b (B buckets: a
//   false bound far from the data has probability ~5e-5) are the core; it grows outward through adjacent windows of 1, 2, 4,
//   8, 16 buckets whose noisy sum exceeds the Chernoff threshold for that many Laplace draws at probability 1e-3 (diffuse
//   tails; a false step stays next to the data), then by one more bucket (never across 0). No bucket above the threshold
//   (too few rows for this epsilon) is a UserError asking for --bounds.
// - Bin edges cost the rest, eps_h: a histogram over a fine grid fixed by the bounds alone (one cell per integer when the
//   integer range holds <= 256 values, else 256 cells uniform in asinh(x / s), s = 1 for integer columns and max|bound| / 2^16
//   otherwise, rounded to integers for integer columns; a real column whose range contains 0 gets a cell holding exactly 0),
//   Laplace(1/eps_h) per cell, denoised by multiscale thresholding (denoiseCounts: strong cells keep their count, their
//   neighbours too above a weak threshold, sparse stretches share the sum of their counts over the smallest chunk where it
//   clears the noise, the rest is 0), and, when the bounds were estimated, tails beyond the last kept cell filled from the
//   bounds histogram's octave counts (fuseTails).
//   From these counts (post-processing): a cell holding a single value with at least 1/bins of the mass is a point mass and
//   gets a bin of its own, (v - 1, v] for integers, (v - ulp, v] for reals; the other cells' mass is cut at its
//   (k / (bins - point masses)) quantiles (linear inside a cell, rounded to integers for integer columns). Values outside the
//   bounds are clamped into the outer bins.
// - The denoised fine histogram is kept with the column (`density`, also post-processing) so that generators decode a bin
//   to values following it (piecewise uniform over the cells inside the bin; ./common.ts numericBinRanges): a point mass
//   decodes to its value, and no values are drawn where the histogram saw none. A bin with no counted cell decodes uniformly.

import { UserError } from '../errors.js';
import type { CategoricalDomain, ColumnDomain, Domain, NumericDomain } from '../domain.js';
import { binOf, DEFAULT_BINS } from '../domain.js';
import type { Schema } from '../schema.js';
import type { Table } from '../table.js';
import type { Rng } from '../rng.js';
import { pureDpToMu } from '../dp.js';
import { nextDown, type Bounds, type CellDensity, type DensityDomain } from './common.js';
import { parseBudget } from './budget.js';

/** procEpsilon when neither it nor the generator's budget is given. */
export const DEFAULT_PROC_EPSILON = 0.3;
/** Share of the generator's whole budget (rho under zCDP, mu^2 under GDP) that preprocessing spends when procEpsilon is not given. */
export const DEFAULT_PROC_SHARE = 0.1;
/** Share of a column's preprocessing epsilon spent on its bounds when they are estimated. */
export const BOUNDS_SHARE = 1 / 2;
/** Cells of the fine histogram (at most; integer columns with a short range get one cell per integer). */
export const FINE_CELLS = 256;
const MIN_EXP = -10;
const MAX_EXP = 60;
/** False-cell rate per scale of the multiscale denoising. */
export const DENOISE_BETA = 0.01;
/** Threshold (in noise sds) for a chunk next to kept cells: continuing a density is likelier than a new one far away. */
const C_NEAR = 2;

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toPrecision(4);
  return String(Math.round(x * 1000) / 1000);
}

function numericLabels(edges: Float64Array): string[] {
  const nb = edges.length + 1;
  const labels: string[] = [];
  for (let b = 0; b < nb; b++) {
    const hiE = b === nb - 1 ? NaN : edges[b];
    // a bin (nextDown(v), v] holds the single value v
    if (b > 0 && b < nb - 1 && edges[b - 1] === nextDown(hiE)) {
      labels.push(`{${fmt(hiE)}}`);
      continue;
    }
    const lo = b === 0 ? '-inf' : fmt(edges[b - 1]);
    const hi = b === nb - 1 ? '+inf' : fmt(hiE);
    labels.push(`(${lo}, ${hi}${b === nb - 1 ? ')' : ']'}`);
  }
  labels.push('(missing)');
  return labels;
}

/** A numeric column domain over given edges and bounds (mean/std are placeholders from the bounds, not from the data). */
export function numericDomainFromEdges(name: string, lo: number, hi: number, isInteger: boolean, edges: Float64Array, density?: CellDensity): DensityDomain {
  if (!(hi > lo)) throw new UserError(`bounds must satisfy lo < hi (got [${lo}, ${hi}])`, { column: name });
  const nBins = edges.length + 1;
  const cd: DensityDomain = {
    name,
    kind: 'numeric',
    edges,
    nBins,
    missingCode: nBins,
    nCodes: nBins + 1,
    labels: numericLabels(edges),
    mean: (lo + hi) / 2,
    std: (hi - lo) / Math.sqrt(12),
    min: lo,
    max: hi,
    range: hi - lo,
    isInteger,
  };
  if (density) cd.density = density;
  return cd;
}

/** A numeric column domain from bounds alone: uniform bins, or one bin per integer when the range holds at most `bins`. */
export function uniformNumericDomain(name: string, lo: number, hi: number, isInteger: boolean, bins = DEFAULT_BINS): NumericDomain {
  if (!(hi > lo)) throw new UserError(`bounds must satisfy lo < hi (got [${lo}, ${hi}])`, { column: name });
  const cuts: number[] = [];
  if (isInteger && Math.floor(hi) - Math.ceil(lo) + 1 <= bins) {
    for (let v = Math.ceil(lo); v < Math.floor(hi); v++) cuts.push(v + 0.5);
  } else {
    for (let k = 1; k < bins; k++) cuts.push(lo + ((hi - lo) * k) / bins);
  }
  return numericDomainFromEdges(name, lo, hi, isInteger, Float64Array.from(cuts));
}

// ---------------------------------------------------------------------------------------------------------------
// Private bounds

/** Bucket of x: 0 = exactly 0, +-1 = 0 < |x| < 2^MIN_EXP, +-(2 + e - MIN_EXP) for 2^e <= |x| < 2^(e+1) (e capped at MAX_EXP). */
function bucketOf(x: number): number {
  if (x === 0) return 0;
  const a = Math.abs(x);
  let k: number;
  if (a < 2 ** MIN_EXP) k = 1;
  else {
    let e = Math.floor(Math.log2(a));
    // log2 rounds near powers of two: make 2^e <= a < 2^(e+1) exact
    if (2 ** e > a) e--;
    else if (2 ** (e + 1) <= a) e++;
    k = 2 + Math.min(MAX_EXP, e) - MIN_EXP;
  }
  return x > 0 ? k : -k;
}

/** [lower, upper] edges of bucket k. */
function bucketEdges(k: number): [number, number] {
  if (k === 0) return [0, 0];
  const m = Math.abs(k);
  const lo = m === 1 ? 0 : 2 ** (m - 2 + MIN_EXP);
  const hi = m === 1 ? 2 ** MIN_EXP : 2 ** (m - 1 + MIN_EXP);
  return k > 0 ? [lo, hi] : [-hi, -lo];
}

const N_EXP = MAX_EXP - MIN_EXP + 2;
const WINDOWS = [1, 2, 4, 8, 16];
/** A bucket alone sets a bound above ln(B/BETA_STRONG)/eps: a false bound far from the data must be very rare. */
const BETA_STRONG = 1e-4;
/** Chance of a false extension per adjacent-window test (its harm is bounded: a few octaves next to the data). */
const P_EXTEND = 1e-3;
/** Number of buckets of the bounds histogram. */
export const BOUND_BUCKETS = 2 * N_EXP + 1;

/**
 * t such that P(X1 + ... + Xw > t b) <= p for iid Laplace(b), by the Chernoff bound
 * min over 0 < l < 1 of exp(-l t) (1 - l^2)^-w (the Laplace MGF), solved by bisection; a Gaussian approximation of the
 * sum would understate the tail for small w.
 */
export function laplaceSumThreshold(w: number, p: number): number {
  const logBound = (t: number) => {
    const l = (Math.sqrt(w * w + t * t) - w) / t; // the minimising l
    return -l * t - w * Math.log(1 - l * l);
  };
  const target = Math.log(p);
  let lo = 0;
  let hi = 1;
  while (logBound(hi) > target) hi *= 2;
  for (let it = 0; it < 80; it++) {
    const mid = (lo + hi) / 2;
    if (logBound(mid) > target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Index of x's bucket in privateBoundsHistogram's noisy counts. */
export function boundBucketIndex(x: number): number {
  return bucketOf(x) + N_EXP;
}

/**
 * (epsilon)-DP bounds of a numeric column (see the module header): noisy histogram on 0, tiny and signed powers of two;
 * the outermost buckets above ln(B/1e-4)/epsilon, grown through adjacent windows whose noisy sum clears
 * laplaceSumThreshold(w, 1e-3)/epsilon, then widened by one bucket (not across 0). Null when no bucket clears the threshold.
 */
export function privateBounds(values: ArrayLike<number>, epsilon: number, rng: Rng, isInteger: boolean): [number, number] | null {
  return privateBoundsHistogram(values, epsilon, rng, isInteger).bounds;
}

/** privateBounds and the noisy bucket counts it read them from (index = bucket + N_EXP; reused by fuseTails). */
export function privateBoundsHistogram(values: ArrayLike<number>, epsilon: number, rng: Rng, isInteger: boolean): { bounds: [number, number] | null; noisy: Float64Array } {
  const K = N_EXP;
  const B = BOUND_BUCKETS;
  const hist = new Float64Array(B);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) continue;
    hist[bucketOf(x) + K]++;
  }
  const y = new Float64Array(B);
  for (let t = 0; t < B; t++) y[t] = hist[t] + rng.laplace(1 / epsilon);
  // buckets a value of the column's type can fall in (integers skip 0 < |x| < 1), in order
  const order: number[] = [];
  for (let t = 0; t < B; t++) if (!isInteger || t === K || Math.abs(t - K) >= 2 - MIN_EXP) order.push(t);
  const thr = Math.log(B / BETA_STRONG) / epsilon;
  let lo = -1;
  let hi = -1;
  order.forEach((t, p) => {
    if (y[t] > thr) {
      if (lo < 0) lo = p;
      hi = p;
    }
  });
  if (lo < 0) return { bounds: null, noisy: y };
  // extend through adjacent windows of 1, 2, 4, 8 buckets whose noisy sum clears a Chernoff threshold (post-processing of y)
  const sumPos = (p0: number, p1: number) => {
    let s = 0;
    for (let p = p0; p <= p1; p++) s += y[order[p]];
    return s;
  };
  for (let grew = true; grew; ) {
    grew = false;
    for (const w of WINDOWS) {
      const tw = laplaceSumThreshold(w, P_EXTEND) / epsilon;
      if (hi + w < order.length && sumPos(hi + 1, hi + w) > tw) {
        hi += w;
        grew = true;
        break;
      }
    }
    for (const w of WINDOWS) {
      const tw = laplaceSumThreshold(w, P_EXTEND) / epsilon;
      if (lo - w >= 0 && sumPos(lo - w, lo - 1) > tw) {
        lo -= w;
        grew = true;
        break;
      }
    }
  }
  // one bucket further out, unless at 0 (bucket 0 holds exactly 0: nothing lies between it and the other side)
  const kLo = order[lo] - K;
  const kHi = order[hi] - K;
  let a = kLo === 0 || lo === 0 ? bucketEdges(kLo)[0] : bucketEdges(order[lo - 1] - K)[0];
  let b = kHi === 0 || hi === order.length - 1 ? bucketEdges(kHi)[1] : bucketEdges(order[hi + 1] - K)[1];
  if (kLo > 0 && a < 0) a = 0;
  if (kHi < 0 && b > 0) b = 0;
  if (isInteger) {
    a = Math.floor(a);
    b = Math.ceil(b);
  }
  if (!(b > a)) b = a + 1;
  return { bounds: [a, b], noisy: y };
}

// ---------------------------------------------------------------------------------------------------------------
// Private bin edges from a noisy fine histogram

/**
 * Upper boundaries of the fine cells over [lo, hi] (cell 0 = [lo, u0], cell k = (u(k-1), uk], last = hi), a function of
 * the bounds and the integer flag only.
 */
export function fineGrid(lo: number, hi: number, isInteger: boolean, cells = FINE_CELLS): Float64Array {
  if (!(hi > lo)) throw new Error(`fineGrid: lo < hi needed (got ${lo}, ${hi})`);
  const out: number[] = [];
  if (isInteger && Math.floor(hi) - Math.ceil(lo) + 1 <= cells && Math.floor(hi) > Math.ceil(lo)) {
    for (let v = Math.ceil(lo); v <= Math.floor(hi); v++) out.push(v);
    return Float64Array.from(out);
  }
  const s = isInteger ? 1 : Math.max(Math.abs(lo), Math.abs(hi)) * 2 ** -16;
  const t0 = Math.asinh(lo / s);
  const t1 = Math.asinh(hi / s);
  const dt = (t1 - t0) / cells;
  for (let k = 1; k < cells; k++) {
    let u = s * Math.sinh(t0 + k * dt);
    if (isInteger) u = Math.round(u);
    if (u >= lo && u < hi && (out.length === 0 || u > out[out.length - 1])) out.push(u);
  }
  if (!isInteger && lo <= 0 && hi > 0) {
    // a cell holding exactly 0: (nextDown(0), 0], or [0, 0] when 0 is the lower bound
    const z = lo < 0 ? [nextDown(0), 0] : [0];
    const merged = out.filter((u) => u < z[0] || u > 0);
    merged.push(...z);
    merged.sort((x, y) => x - y);
    out.length = 0;
    out.push(...merged);
  }
  out.push(hi);
  return Float64Array.from(out);
}

/** The eps-DP noisy count per fine cell (Laplace(1/eps); values outside [lo, hi] are counted in the outer cells). */
export function noisyCellCounts(values: ArrayLike<number>, upper: Float64Array, epsilon: number, rng: Rng): Float64Array {
  const G = upper.length;
  const y = new Float64Array(G);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) continue;
    y[Math.min(binOf(upper, x), G - 1)]++;
  }
  for (let k = 0; k < G; k++) y[k] += rng.laplace(1 / epsilon);
  return y;
}

/**
 * Share a chunk's noisy sum among its cells by empirical-Bayes shrinkage: x_k = mean + alpha (y_k - mean) with
 * alpha = max(0, 1 - 2b^2 / (sample variance of y)) (2b^2 = the noise variance), clamped at 0 and rescaled to the sum;
 * equal shares when the counts vary no more than the noise, close to the counts when one cell stands out (an integer spike).
 */
function shareChunk(noisy: Float64Array, from: number, to: number, sum: number, b: number, keep: (k: number, v: number) => void): void {
  const u = to - from;
  const mean = sum / u;
  let ss = 0;
  for (let k = from; k < to; k++) ss += (noisy[k] - mean) ** 2;
  const alpha = u > 1 && ss > 0 ? Math.max(0, 1 - (2 * b * b * (u - 1)) / ss) : 0;
  let tot = 0;
  for (let k = from; k < to; k++) tot += Math.max(0, mean + alpha * (noisy[k] - mean));
  for (let k = from; k < to; k++) keep(k, (Math.max(0, mean + alpha * (noisy[k] - mean)) * sum) / tot);
}

/**
 * Multiscale denoising of Laplace(1/epsilon) cell counts (post-processing; G cells, b = 1/epsilon):
 * 1. a cell whose noisy count exceeds t1 = b ln(G / beta) keeps it;
 * 2. hysteresis: growing outward from kept cells, a neighbour whose count exceeds tw = b ln(10) keeps it (an empty
 *    neighbour passes 5% of the time, so spurious growth stops fast; holes inside the bulk and thinning tails are kept);
 * 3. at scales m = 2, 4, ..., G, for every maximal run of cells not yet kept: chunks of m cells grow inward from each end
 *    of the run that touches a kept cell, each kept (its cells share the sum of their noisy counts, shareChunk) while that sum
 *    exceeds 2 sd (sd = b sqrt(2u) for u cells); the rest of the run is cut into chunks of m kept only above the
 *    Chernoff threshold for a sum of u Laplace draws at probability beta m / G (a new mode far from the others); then 2 again.
 * Cells never kept get 0. beta = 0.01 bounds the chance of a false far chunk per scale.
 * What is lost: tails thinner than about b per cell (e.g. the last ~2% of Adult's age at the default budget).
 */
export function denoiseCounts(noisy: Float64Array, epsilon: number, beta = DENOISE_BETA): Float64Array {
  const G = noisy.length;
  const b = 1 / epsilon;
  const t1 = Math.log(G / beta) * b;
  const tw = Math.log(10) * b;
  const mass = new Float64Array(G);
  const kept = new Uint8Array(G);
  const keep = (k: number, v: number) => {
    mass[k] = v;
    kept[k] = 1;
  };
  for (let k = 0; k < G; k++) if (noisy[k] > t1) keep(k, noisy[k]);
  const grow = () => {
    for (let k = 1; k < G; k++) if (!kept[k] && kept[k - 1] && noisy[k] > tw) keep(k, noisy[k]);
    for (let k = G - 2; k >= 0; k--) if (!kept[k] && kept[k + 1] && noisy[k] > tw) keep(k, noisy[k]);
  };
  grow();
  for (let m = 2; m < 2 * G; m *= 2) {
    const pFar = (beta * m) / G;
    // keep the chunk [from, to) when its noisy sum clears 2 sd next to kept cells, a Chernoff threshold far from them
    const chunk = (from: number, to: number, near: boolean) => {
      const u = to - from;
      let sum = 0;
      for (let k = from; k < to; k++) sum += noisy[k];
      if (!(sum > (near ? C_NEAR * Math.sqrt(2 * u) : laplaceSumThreshold(u, pFar)) * b)) return false;
      shareChunk(noisy, from, to, sum, b, keep);
      return true;
    };
    let k = 0;
    while (k < G) {
      if (kept[k]) {
        k++;
        continue;
      }
      let e = k;
      while (e < G && !kept[e]) e++;
      // run [k, e): grow chunks inward from each side that touches a kept cell, then test the middle far from them
      let a = k;
      let z = e;
      if (k > 0) while (a < z && chunk(a, Math.min(z, a + m), true)) a += m;
      if (e < G) while (z > a && chunk(Math.max(a, z - m), z, true)) z -= m;
      for (let x = a; x < z; x += m) chunk(x, Math.min(z, x + m), false);
      k = e;
    }
    grow();
  }
  return mass;
}

/**
 * Thin tails from the bounds histogram (post-processing of both releases). Beyond the outermost kept cell on each side,
 * every octave bucket q meeting the tail's range has excess E_q = (its noisy bounds count) - (kept fine mass in q); when
 * E_q > 3 sd (sd^2 = 2/epsB^2 + 2/epsH^2 per kept cell in q) it is spread over the tail cells of q: decaying geometrically
 * from the outermost kept cell's mass m when q holds that cell and it is not a point mass (ratio r with
 * m (r + ... + r^L) = E_q, uniform if m L <= E_q), evenly otherwise. Tails thinner than the fine histogram's noise are
 * thus kept at octave resolution instead of being cut at the last kept cell. `bins` sets the point-mass share (1/bins).
 */
export function fuseTails(lo: number, hi: number, upper: Float64Array, mass: Float64Array, octaves: Float64Array, epsB: number, epsH: number, bins: number): void {
  const G = upper.length;
  let first = -1;
  let last = -1;
  let total = 0;
  for (let k = 0; k < G; k++)
    if (mass[k] > 0) {
      if (first < 0) first = k;
      last = k;
      total += mass[k];
    }
  if (first < 0) return;
  const cb = Int32Array.from(upper, (u) => bucketOf(u));
  const keptB = new Map<number, { m: number; n: number }>();
  for (let k = 0; k < G; k++)
    if (mass[k] > 0) {
      const x = keptB.get(cb[k]) ?? { m: 0, n: 0 };
      x.m += mass[k];
      x.n++;
      keptB.set(cb[k], x);
    }
  const vB = 2 / (epsB * epsB);
  const vH = 2 / (epsH * epsH);
  const side = (dir: 1 | -1) => {
    const edge = dir > 0 ? last : first;
    // tail cells in order away from the edge, grouped by the bucket of their upper boundary
    const tail: number[] = [];
    for (let k = edge + dir; k >= 0 && k < G; k += dir) tail.push(k);
    if (tail.length === 0) return;
    // (hi is usually a bucket's lower edge 2^e, holding no other value of the range: leave that bucket out)
    const bMax = bucketOf(nextDown(hi));
    const bMin = bucketOf(lo);
    const m = mass[edge];
    const continuous = m < total / bins;
    const byBucket = new Map<number, number[]>();
    for (const k of tail) {
      const q = Math.max(bMin, Math.min(bMax, cb[k]));
      const list = byBucket.get(q) ?? [];
      list.push(k);
      byBucket.set(q, list);
    }
    for (const [q, cells] of byBucket) {
      const kept = keptB.get(q) ?? { m: 0, n: 0 };
      const e = octaves[q + N_EXP] - kept.m;
      if (!(e > 3 * Math.sqrt(vB + kept.n * vH))) continue;
      const L = cells.length;
      let r = 1;
      if (continuous && q === cb[edge] && m * L > e) {
        let a = 0;
        let z = 1;
        for (let it = 0; it < 60; it++) {
          const mid = (a + z) / 2;
          let f = 0;
          let p = 1;
          for (let j = 0; j < L; j++) f += p *= mid;
          if (m * f < e) a = mid;
          else z = mid;
        }
        r = (a + z) / 2;
      }
      let p = 1;
      let tot = 0;
      const w = new Float64Array(L);
      for (let j = 0; j < L; j++) tot += w[j] = p *= r;
      for (let j = 0; j < L; j++) mass[cells[j]] = (e * w[j]) / tot;
    }
  };
  side(1);
  side(-1);
}

/**
 * Bin edges from a (denoised) fine histogram: point masses (single-value cells with >= 1/bins of the mass) get a bin of
 * their own; the remaining mass is cut at its quantiles into bins - (point masses) bins (at least 2). Post-processing only.
 */
export function edgesFromHistogram(lo: number, hi: number, isInteger: boolean, upper: Float64Array, mass: Float64Array, bins: number): Float64Array {
  const G = upper.length;
  const cellLo = (k: number) => (k === 0 ? lo : upper[k - 1]);
  let total = 0;
  for (let k = 0; k < G; k++) total += mass[k];
  const edges: number[] = [];
  if (!(total > 0)) {
    // nothing above the noise: cells evenly (the grid is uniform in asinh)
    for (let q = 1; q < bins; q++) edges.push(upper[Math.min(G - 1, Math.round((q * G) / bins) - 1)]);
  } else {
    // integer columns: cell k holds the integers base(k) + 1 .. upper[k]
    const base = (k: number) => (k === 0 ? Math.ceil(lo) - 1 : Math.floor(upper[k - 1]));
    const single = (k: number) => (isInteger ? Math.floor(upper[k]) - base(k) === 1 : k === 0 ? upper[0] === lo : nextDown(upper[k]) === upper[k - 1]);
    const isPm = new Uint8Array(G);
    let pmMass = 0;
    let nPm = 0;
    for (let k = 0; k < G; k++)
      if (mass[k] >= total / bins && single(k)) {
        isPm[k] = 1;
        pmMass += mass[k];
        nPm++;
        const v = isInteger ? Math.floor(upper[k]) : upper[k];
        edges.push(v, isInteger ? v - 1 : nextDown(v));
      }
    const rest = total - pmMass;
    const m = Math.max(2, bins - nPm);
    if (rest > 0) {
      let cum = 0;
      let q = 1;
      for (let k = 0; k < G && q < m; k++) {
        if (isPm[k] || !(mass[k] > 0)) continue;
        const next = cum + mass[k];
        while (q < m && (q * rest) / m <= next) {
          const f = ((q * rest) / m - cum) / mass[k];
          const a = cellLo(k);
          const b = upper[k];
          edges.push(isInteger ? base(k) + Math.round(f * (Math.floor(b) - base(k))) : a + f * (b - a));
          q++;
        }
        cum = next;
      }
    }
  }
  const sorted = edges.filter((e) => e >= lo && e < hi && Number.isFinite(e)).sort((a, b) => a - b);
  const out: number[] = [];
  for (const e of sorted) if (out.length === 0 || e > out[out.length - 1]) out.push(e);
  return Float64Array.from(out);
}

// ---------------------------------------------------------------------------------------------------------------
// The DP-safe domain

export interface DpDomainOptions {
  bounds?: Bounds;
  bins?: number;
  /**
   * Total pure-DP budget for bounds and bin edges (basic composition), split equally over the numeric columns that need it.
   * Default: what costs DEFAULT_PROC_SHARE of the generator's budget when `generator` is given, else DEFAULT_PROC_EPSILON.
   */
  procEpsilon?: number;
  /** The generator the domain is for, with its privacy options (epsilon, delta, risk, rho), to size the default procEpsilon. */
  generator?: { name: string; options: Record<string, unknown> };
  rng: Rng;
}

/**
 * The procEpsilon whose mechanisms (per paying column: shares `fractions` of its epsilon) cost `share` of the budget that
 * the generator's privacy options describe: sum (f eps)^2 / 2 = share rho (zCDP), sum pureDpToMu(f eps)^2 = share mu^2 (GDP).
 */
export function procEpsilonForShare(generator: { name: string; options: Record<string, unknown> }, fractions: number[][], share = DEFAULT_PROC_SHARE): number {
  const o = generator.options;
  const priv: Record<string, unknown> = {};
  for (const k of ['epsilon', 'delta', 'risk', 'rho']) if (o[k] !== undefined) priv[k] = o[k];
  const b = parseBudget(generator.name, priv, generator.name === 'independent', true)!;
  const n = fractions.length;
  if (n === 0) return 0;
  if (b.accounting === 'zcdp') {
    let f2 = 0;
    for (const fs of fractions) for (const f of fs) f2 += f * f;
    return n * Math.sqrt((2 * share * b.rho) / f2);
  }
  const target = share * b.mu * b.mu;
  const cost = (e: number) => {
    let c = 0;
    for (const fs of fractions) for (const f of fs) c += pureDpToMu(f * e) ** 2;
    return c;
  };
  let lo = 0;
  let hi = 1;
  while (cost(hi) < target && hi < 1e6) hi *= 2;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (cost(mid) < target) lo = mid;
    else hi = mid;
  }
  return n * lo;
}

/** One private preprocessing step. */
export interface DpDomainMechanism {
  column: string;
  step: 'bounds' | 'bins';
  mechanism: 'laplace';
  epsilon: number;
}

export interface DpDomainResult {
  domain: Domain;
  /** epsilon of each private step, in the order of `mechanisms` (empty when nothing was estimated). */
  procEpsilons: number[];
  mechanisms: DpDomainMechanism[];
  /** Bounds used per numeric column and where they came from. */
  bounds: Record<string, { lo: number; hi: number; source: 'user' | 'private' }>;
  notices: string[];
}

/** A numeric column's values as doubles (NaN for a missing cell) and whether every present value is an integer. */
export function numericValues(t: Table, name: string): { vals: Float64Array; isInteger: boolean } {
  const col = t.cells[t.columns.indexOf(name)];
  const vals = new Float64Array(col.length);
  let isInteger = true;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    vals[i] = v === null ? NaN : Number(v);
    if (v !== null && !Number.isInteger(vals[i])) isInteger = false;
  }
  return { vals, isInteger };
}

export function buildDpDomain(t: Table, schema: Schema, opts: DpDomainOptions): DpDomainResult {
  const bins = opts.bins ?? DEFAULT_BINS;
  if (!(bins >= 2 && Number.isInteger(bins))) throw new UserError(`bins must be an integer >= 2 (got ${bins})`);
  const user: NonNullable<DpDomainOptions['bounds']> = Object.assign(Object.create(null), opts.bounds ?? {}); // keyed by column name
  const notices: string[] = [];
  for (const col of Object.keys(user)) {
    const cs = schema.columns.find((c) => c.name === col);
    if (!cs) throw new UserError('--bounds names a column that is not in the table', { file: t.name, column: col });
    if (cs.kind !== 'numeric') throw new UserError(`--bounds given for a ${cs.kind} column; bounds are for numeric columns`, { file: t.name, column: col });
    const b = user[col];
    if (!Array.isArray(b) || b.length !== 2 || !(Number.isFinite(b[0]) && Number.isFinite(b[1]) && b[0] < b[1])) throw new UserError(`--bounds must be lo < hi (got ${JSON.stringify(b)})`, { column: col });
  }
  const colValues = new Map<string, { vals: Float64Array; isInteger: boolean }>();
  const valuesOf = (name: string) => {
    let r = colValues.get(name);
    if (!r) {
      r = numericValues(t, name);
      colValues.set(name, r);
    }
    return r;
  };
  // a column with user bounds holding at most `bins` integers gets one bin per integer and costs nothing
  const free = (name: string) => {
    const b = user[name];
    return !!b && valuesOf(name).isInteger && Math.floor(b[1]) - Math.ceil(b[0]) + 1 <= bins;
  };
  const numeric = schema.columns.filter((c) => c.kind === 'numeric');
  const paying = numeric.filter((c) => !free(c.name));
  const fractions = paying.map((c) => (user[c.name] ? [1] : [BOUNDS_SHARE, 1 - BOUNDS_SHARE]));
  const procTotal = paying.length ? (opts.procEpsilon ?? (opts.generator ? procEpsilonForShare(opts.generator, fractions) : DEFAULT_PROC_EPSILON)) : 0;
  if (paying.length && opts.procEpsilon === undefined)
    notices.push(`preprocessing (private bounds and bin edges of ${paying.length} numeric column${paying.length > 1 ? 's' : ''}) spends procEpsilon ${+procTotal.toPrecision(4)}${opts.generator ? ` (${DEFAULT_PROC_SHARE * 100}% of the budget)` : ''}; set --proc-epsilon to change it`);
  if (paying.length && !(procTotal > 0)) throw new UserError(`numeric columns (${paying.map((c) => c.name).join(', ')}) need a positive procEpsilon for their private bounds and bin edges`);
  const epsC = paying.length ? procTotal / paying.length : 0;
  const columns: ColumnDomain[] = [];
  const boundsOut: DpDomainResult['bounds'] = Object.create(null);
  const mechanisms: DpDomainMechanism[] = [];
  const p6 = (x: number) => +x.toPrecision(6);
  for (const cs of schema.columns) {
    if (cs.kind === 'identifier') continue;
    const j = t.columns.indexOf(cs.name);
    const col = t.cells[j];
    if (cs.kind === 'categorical') {
      const set = new Set<string>();
      for (const v of col) if (v !== null) set.add(v);
      const levels = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const cd: CategoricalDomain = {
        name: cs.name,
        kind: 'categorical',
        levels,
        index: new Map(levels.map((l, k) => [l, k])),
        counts: levels.map(() => 0),
        missingCode: levels.length,
        unseenCode: levels.length + 1,
        nCodes: levels.length + 2,
        labels: [...levels, '(missing)', '(unseen)'],
      };
      columns.push(cd);
      continue;
    }
    const { vals, isInteger } = valuesOf(cs.name);
    let lo: number;
    let hi: number;
    let epsH = epsC;
    let epsB = 0;
    let octaves: Float64Array | null = null;
    const said: string[] = [];
    if (user[cs.name]) {
      [lo, hi] = user[cs.name];
      boundsOut[cs.name] = { lo, hi, source: 'user' };
    } else {
      epsB = epsC * BOUNDS_SHARE; // (the same fractions as procEpsilonForShare)
      epsH = epsC - epsB;
      const pb = privateBoundsHistogram(vals, epsB, opts.rng.fork(`bounds:${cs.name}`), isInteger);
      const b = pb.bounds;
      octaves = pb.noisy;
      mechanisms.push({ column: cs.name, step: 'bounds', mechanism: 'laplace', epsilon: epsB });
      if (!b) throw new UserError(`could not estimate bounds privately (too few rows for procEpsilon ${procTotal}); pass --bounds ${cs.name}=LO:HI`, { file: t.name, column: cs.name });
      [lo, hi] = b;
      boundsOut[cs.name] = { lo, hi, source: 'private' };
      said.push(`bounds [${lo}, ${hi}] estimated with epsilon ${p6(epsB)}`);
    }
    if (isInteger && Math.floor(hi) - Math.ceil(lo) + 1 <= bins) {
      columns.push(uniformNumericDomain(cs.name, lo, hi, isInteger, bins));
    } else {
      const upper = fineGrid(lo, hi, isInteger);
      const noisy = noisyCellCounts(vals, upper, epsH, opts.rng.fork(`bins:${cs.name}`));
      mechanisms.push({ column: cs.name, step: 'bins', mechanism: 'laplace', epsilon: epsH });
      const mass = denoiseCounts(noisy, epsH);
      if (octaves) fuseTails(lo, hi, upper, mass, octaves, epsB, epsH, bins);
      const edges = edgesFromHistogram(lo, hi, isInteger, upper, mass, bins);
      columns.push(numericDomainFromEdges(cs.name, lo, hi, isInteger, edges, { lo, upper, mass }));
      said.push(`${edges.length + 1} bins from a noisy ${upper.length}-cell histogram with epsilon ${p6(epsH)}`);
    }
    if (said.length) notices.push(`column "${cs.name}": ${said.join('; ')}`);
  }
  if (columns.length === 0) throw new UserError('no columns left to generate (all are identifiers)', { file: t.name });
  const domain: Domain = { columns, index: new Map(columns.map((c, k) => [c.name, k])), bins };
  return { domain, procEpsilons: mechanisms.map((m) => m.epsilon), mechanisms, bounds: boundsOut, notices };
}

// ---------------------------------------------------------------------------------------------------------------
// Domain <-> JSON (so a saved generator can be reloaded without its input file)

export interface CellDensityJSON {
  lo: number;
  upper: number[];
  mass: number[];
}

export type ColumnDomainJSON =
  | { name: string; kind: 'categorical'; levels: string[]; counts: number[] }
  | { name: string; kind: 'numeric'; edges: number[]; mean: number; std: number; min: number; max: number; range: number; isInteger: boolean; density?: CellDensityJSON };

export interface DomainJSON {
  bins: number;
  columns: ColumnDomainJSON[];
}

export function domainToJSON(d: Domain): DomainJSON {
  return {
    bins: d.bins,
    columns: d.columns.map((c): ColumnDomainJSON => {
      if (c.kind === 'categorical') return { name: c.name, kind: 'categorical', levels: c.levels.slice(), counts: c.counts.slice() };
      const dens = (c as DensityDomain).density;
      return {
        name: c.name,
        kind: 'numeric',
        edges: Array.from(c.edges),
        mean: c.mean,
        std: c.std,
        min: c.min,
        max: c.max,
        range: c.range,
        isInteger: c.isInteger,
        ...(dens ? { density: { lo: dens.lo, upper: Array.from(dens.upper), mass: Array.from(dens.mass) } } : {}),
      };
    }),
  };
}

export function domainFromJSON(j: DomainJSON): Domain {
  if (!j || !Array.isArray(j.columns) || j.columns.length === 0) throw new UserError('saved model has no domain');
  const columns = j.columns.map((c): ColumnDomain => {
    if (c.kind === 'categorical') {
      const levels = c.levels;
      return {
        name: c.name,
        kind: 'categorical',
        levels,
        index: new Map(levels.map((l, k) => [l, k])),
        counts: c.counts,
        missingCode: levels.length,
        unseenCode: levels.length + 1,
        nCodes: levels.length + 2,
        labels: [...levels, '(missing)', '(unseen)'],
      };
    }
    if (c.kind !== 'numeric') throw new UserError(`saved model: unknown column kind for "${(c as { name: string }).name}"`);
    const edges = Float64Array.from(c.edges);
    const nBins = edges.length + 1;
    const cd: DensityDomain = { name: c.name, kind: 'numeric', edges, nBins, missingCode: nBins, nCodes: nBins + 1, labels: numericLabels(edges), mean: c.mean, std: c.std, min: c.min, max: c.max, range: c.range, isInteger: c.isInteger };
    if (c.density) {
      const d = c.density;
      if (!Array.isArray(d.upper) || !Array.isArray(d.mass) || d.upper.length !== d.mass.length || d.upper.length === 0) throw new UserError(`saved model: the density of "${c.name}" is malformed`);
      cd.density = { lo: d.lo, upper: Float64Array.from(d.upper), mass: Float64Array.from(d.mass) };
    }
    return cd;
  });
  return { columns, index: new Map(columns.map((c, k) => [c.name, k])), bins: j.bins };
}
