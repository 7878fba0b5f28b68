// The DP-safe Domain for `synthaudit generate --generator aim`, which must work on small tables with default flags.
//
// buildDpDomain (../dp-domain.ts) sets a numeric column's bounds only from an octave bucket whose noisy count exceeds
// ln(B / 1e-4) / eps_b (a false bound far from the data must be very rare); on a table of a few hundred rows at the
// default share no bucket does, and it asks for --bounds. Here the same mechanism is run first, with the same epsilon and
// the same random stream, so where it succeeds everywhere the result is exactly buildDpDomain's. Where it fails, its noisy
// octave histogram (already paid for) is post-processed with a weaker rule instead (no extra budget): the window of 1, 2,
// 4, 8 or 16 adjacent buckets whose noisy sum most exceeds the Chernoff threshold laplaceSumThreshold(w, p) / eps_b, with p
// = 0.01 / (number of windows) so that a window of pure noise wins with probability at most about 1%, trimmed of end
// buckets with a non-positive noisy count, widened by one bucket on each side. Too-narrow bounds cost accuracy only (values outside are clamped into the outer bins). If no window
// is clear either, a second histogram is bought at RETRY_FACTOR times the epsilon (both are composed) and read the same
// two ways. The bins are then built by buildDpDomain inside those bounds with the rest of each column's share, and every
// mechanism is listed. Only when all of that finds nothing is the user asked for --bounds.

import { UserError } from '../../errors.js';
import type { Schema } from '../../schema.js';
import type { Table } from '../../table.js';
import {
  BOUNDS_SHARE,
  BOUND_BUCKETS,
  DEFAULT_PROC_EPSILON,
  DEFAULT_PROC_SHARE,
  boundBucketIndex,
  buildDpDomain,
  numericValues,
  laplaceSumThreshold,
  privateBoundsHistogram,
  procEpsilonForShare,
  type DpDomainOptions,
  type DpDomainResult,
} from '../dp-domain.js';
import { DEFAULT_BINS } from '../../domain.js';

const WINDOWS = [1, 2, 4, 8, 16];
const P_FALSE = 0.01;
/** Epsilon multiplier of the second bounds histogram, when the first one's noisy counts show no clear window. */
export const RETRY_FACTOR = 4;

/** [lo, hi) edges of every bucket of privateBoundsHistogram, recovered from boundBucketIndex at powers of two. */
function bucketTable(): { lo: Float64Array; hi: Float64Array } {
  const B = BOUND_BUCKETS;
  const lo = new Float64Array(B).fill(NaN);
  const hi = new Float64Array(B).fill(NaN);
  const mid = boundBucketIndex(0);
  lo[mid] = 0;
  hi[mid] = 0;
  // positive side: the smallest power of two in each bucket is its lower edge
  for (let e = -1074; e <= 1023; e++) {
    const x = 2 ** e;
    const t = boundBucketIndex(x);
    if (Number.isNaN(lo[t])) lo[t] = x;
  }
  for (let t = mid + 1; t < B; t++) hi[t] = t + 1 < B ? lo[t + 1] : Infinity;
  // the first positive bucket starts just above 0
  lo[mid + 1] = 0;
  for (let t = mid + 1; t < B; t++) {
    const m = 2 * mid - t;
    lo[m] = -hi[t];
    hi[m] = -lo[t];
  }
  return { lo, hi };
}

/** Bounds from a noisy octave histogram when the strict rule found none (post-processing), or null. */
export function weakBounds(noisy: Float64Array, epsilon: number, isInteger: boolean): [number, number] | null {
  const B = noisy.length;
  const mid = boundBucketIndex(0);
  const { lo: bl, hi: bh } = bucketTable();
  const order: number[] = [];
  // buckets a value of the column's type can fall in (integers: 0 and |x| >= 1)
  const pos1 = boundBucketIndex(1);
  const neg1 = boundBucketIndex(-1);
  for (let t = 0; t < B; t++) if (!isInteger || t === mid || t >= pos1 || t <= neg1) order.push(t);
  const nWin = WINDOWS.length * order.length;
  let best = -1;
  let bestW = 0;
  let bestRatio = 1;
  for (const w of WINDOWS) {
    const thr = laplaceSumThreshold(w, P_FALSE / nWin) / epsilon;
    let s = 0;
    for (let p = 0; p < order.length; p++) {
      s += noisy[order[p]];
      if (p >= w) s -= noisy[order[p - w]];
      if (p >= w - 1 && s / thr > bestRatio) {
        bestRatio = s / thr;
        best = p - w + 1;
        bestW = w;
      }
    }
  }
  if (best < 0) return null;
  // trim end buckets whose noisy count is not positive (a wide window may carry pure-noise buckets at its ends)
  let q0 = best;
  let q1 = best + bestW - 1;
  while (q0 < q1 && noisy[order[q0]] <= 0) q0++;
  while (q1 > q0 && noisy[order[q1]] <= 0) q1--;
  best = q0;
  bestW = q1 - q0 + 1;
  const p0 = Math.max(0, best - 1);
  const p1 = Math.min(order.length - 1, best + bestW);
  let a = bl[order[p0]];
  let b = bh[order[p1]];
  if (!Number.isFinite(b)) b = bl[order[p1]] * 2;
  // not across 0 when the window sits on one side of it
  if (bl[order[best]] >= 0 && a < 0) a = 0;
  if (bh[order[best + bestW - 1]] <= 0 && b > 0) b = 0;
  if (isInteger) {
    a = Math.floor(a);
    b = Math.ceil(b);
  }
  if (!(b > a)) b = a + 1;
  return [a, b];
}

/** buildDpDomain, with weakBounds for the columns whose bounds the strict rule cannot set (see the module header). */
export function buildAimDomain(t: Table, schema: Schema, opts: DpDomainOptions): DpDomainResult {
  const bins = opts.bins ?? DEFAULT_BINS;
  const user = opts.bounds ?? {};
  const valuesOf = (name: string) => numericValues(t, name);
  const numeric = schema.columns.filter((c) => c.kind === 'numeric');
  // the same paying columns, fractions and epsilons as buildDpDomain
  const free = (name: string) => {
    const b = Object.hasOwn(user, name) ? user[name] : undefined;
    return !!b && valuesOf(name).isInteger && Math.floor(b[1]) - Math.ceil(b[0]) + 1 <= bins;
  };
  const paying = numeric.filter((c) => !free(c.name));
  const estimating = paying.filter((c) => !Object.hasOwn(user, c.name));
  if (estimating.length === 0) return buildDpDomain(t, schema, opts);
  const fractions = paying.map((c) => (Object.hasOwn(user, c.name) ? [1] : [BOUNDS_SHARE, 1 - BOUNDS_SHARE]));
  const procTotal = opts.procEpsilon ?? (opts.generator ? procEpsilonForShare(opts.generator, fractions) : DEFAULT_PROC_EPSILON);
  if (!(procTotal > 0)) return buildDpDomain(t, schema, opts); // (its own error)
  const epsC = procTotal / paying.length;
  const epsB = epsC * BOUNDS_SHARE;
  const found: Record<string, [number, number]> = {};
  const weak: string[] = [];
  const boundsMechs: { column: string; step: 'bounds'; mechanism: 'laplace'; epsilon: number }[] = [];
  for (const c of estimating) {
    const { vals, isInteger } = valuesOf(c.name);
    boundsMechs.push({ column: c.name, step: 'bounds', mechanism: 'laplace', epsilon: epsB });
    const r = privateBoundsHistogram(vals, epsB, opts.rng.fork(`bounds:${c.name}`), isInteger);
    if (r.bounds) {
      found[c.name] = r.bounds;
      continue;
    }
    weak.push(c.name);
    let wb = weakBounds(r.noisy, epsB, isInteger);
    if (!wb) {
      // a second, paid histogram at RETRY_FACTOR x the epsilon (composed with the first)
      const e2 = RETRY_FACTOR * epsB;
      boundsMechs.push({ column: c.name, step: 'bounds', mechanism: 'laplace', epsilon: e2 });
      const r2 = privateBoundsHistogram(vals, e2, opts.rng.fork(`bounds-retry:${c.name}`), isInteger);
      wb = r2.bounds ?? weakBounds(r2.noisy, e2, isInteger);
    }
    if (!wb) throw new UserError(`could not estimate bounds privately (too few rows for procEpsilon ${+procTotal.toPrecision(4)}); pass --bounds ${c.name}=LO:HI`, { file: t.name, column: c.name });
    found[c.name] = wb;
  }
  // the strict rule worked everywhere: exactly buildDpDomain (same streams, so the same release, paid once)
  if (weak.length === 0) return buildDpDomain(t, schema, opts);
  // bins inside the estimated bounds, with the rest of each estimating column's share (user-bounded columns keep theirs)
  const { procEpsilon: _p, generator: _g, ...rest } = opts;
  void _p;
  void _g;
  const r = buildDpDomain(t, schema, { ...rest, bounds: { ...user, ...found }, ...binBudget(paying, estimating, found, bins, epsC, epsB, valuesOf) });
  const mechanisms = [...boundsMechs, ...r.mechanisms];
  const boundsOut = { ...r.bounds };
  for (const c of estimating) boundsOut[c.name] = { ...boundsOut[c.name], source: 'private' };
  const notices = [
    `preprocessing (private bounds and bin edges of ${paying.length} numeric column${paying.length > 1 ? 's' : ''}) spends procEpsilon ${+mechanisms.reduce((s, m) => s + m.epsilon, 0).toPrecision(4)}${opts.procEpsilon === undefined && opts.generator ? ` (${DEFAULT_PROC_SHARE * 100}% of the budget${boundsMechs.length > estimating.length ? ', plus a second bounds histogram where the table was too small for the first' : ''})` : ''}; set --proc-epsilon to change it`,
    ...estimating.map((c) => {
      const spent = boundsMechs.filter((m) => m.column === c.name).map((m) => +m.epsilon.toPrecision(6));
      return `column "${c.name}": bounds [${found[c.name][0]}, ${found[c.name][1]}] estimated with epsilon ${spent.join(' + ')}${weak.includes(c.name) ? ' (small table: the clearest window of the noisy octave histogram; values outside are clamped)' : ''}`;
    }),
    ...r.notices.filter((n) => /^column /.test(n)),
  ];
  return { domain: r.domain, procEpsilons: mechanisms.map((m) => m.epsilon), mechanisms, bounds: boundsOut, notices };
}

/**
 * procEpsilon for buildDpDomain's bins once every bound is fixed: it splits its procEpsilon equally over the columns that
 * still pay, so pass (paying-for-bins count) x the per-column bins epsilon (epsC - epsB for the estimating columns and epsC
 * for user-bounded ones; the caller's epsC is the same for both, so user-bounded columns get epsC - epsB here, a little less
 * than buildDpDomain would give them, never more).
 */
function binBudget(
  paying: { name: string }[],
  estimating: { name: string }[],
  found: Record<string, [number, number]>,
  bins: number,
  epsC: number,
  epsB: number,
  valuesOf: (name: string) => { isInteger: boolean },
): { procEpsilon: number } {
  let k = 0;
  for (const c of estimating) {
    const b = found[c.name];
    const freeNow = valuesOf(c.name).isInteger && Math.floor(b[1]) - Math.ceil(b[0]) + 1 <= bins;
    if (!freeNow) k++;
  }
  const others = paying.length - estimating.length;
  return { procEpsilon: Math.max(1e-12, (k + others) * (epsC - epsB)) };
}
