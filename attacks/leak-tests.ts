// One-sided tests that a synthetic table leaks more than a fresh sample of the population would (used by the default policy):
// - exact copies: the rate of synthetic rows identical to a reference row (train, or holdout) against the rate a fresh sample
//   shows against the same reference, by Fisher's exact test, with a Newcombe (Wilson hybrid score) interval on the difference;
// - TPR of the distance MIA at a low FPR against its null, TPR = FPR, by an exact permutation (negative hypergeometric) tail;
// - DCR share against its ideal n_train / (n_train + n_holdout), by an exact binomial tail.
// Each returns a p-value (small = more leakage than sampling explains); the default policy gates on p-values (docs/policy.md).

import { exactCodes, type Encoded } from '../src/domain.js';
import type { GowerSpace } from './distance.js';
import { logGamma, wilson, incompleteBeta, type Interval } from './stats.js';
import { baseline } from '../src/measure.js';
import { ivMeasure, type Measure } from './measures.js';

/** ln C(n, k) */
function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Sum of exp(terms) computed stably. */
function logSumExp(xs: number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** P(X >= k) for X ~ Hypergeometric(population N, successes K, draws n). */
export function hypergeomUpper(k: number, N: number, K: number, n: number): number {
  const lo = Math.max(k, 0, n - (N - K));
  const hi = Math.min(K, n);
  if (lo > hi) return 0; // k above the largest possible count
  const den = logChoose(N, n);
  const terms: number[] = [];
  for (let x = lo; x <= hi; x++) terms.push(logChoose(K, x) + logChoose(N - K, n - x) - den);
  return Math.min(1, Math.exp(logSumExp(terms)));
}

/** P(X <= k) for X ~ Hypergeometric(population N, successes K, draws n). */
export function hypergeomLower(k: number, N: number, K: number, n: number): number {
  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(k, K, n);
  if (hi < lo) return 0;
  const den = logChoose(N, n);
  const terms: number[] = [];
  for (let x = lo; x <= hi; x++) terms.push(logChoose(K, x) + logChoose(N - K, n - x) - den);
  return Math.min(1, Math.exp(logSumExp(terms)));
}

/**
 * One-sided Fisher exact test that rate 1 (k1 of n1) exceeds rate 2 (k2 of n2): P(X >= k1) with X hypergeometric given
 * the k1 + k2 successes among the n1 + n2 trials.
 */
export function fisherGreater(k1: number, n1: number, k2: number, n2: number): number {
  return hypergeomUpper(k1, n1 + n2, k1 + k2, n1);
}

/**
 * Newcombe's hybrid score interval (method 10, 1998) for p1 - p2 from the two Wilson intervals at level cl:
 * [d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2)].
 */
export function newcombeDiff(k1: number, n1: number, k2: number, n2: number, cl = 0.95): Interval {
  const a = wilson(k1, n1, cl);
  const b = wilson(k2, n2, cl);
  const d = a.value - b.value;
  return { value: d, lo: d - Math.hypot(a.value - a.lo, b.hi - b.value), hi: d + Math.hypot(a.hi - a.value, b.value - b.lo) };
}

/**
 * Exchangeability test of TPR at a low FPR: with m members and N non-members ranked by score, the attack's threshold admits
 * at most a = floor(fpr * N) non-members. Under the null (members and non-members exchangeable, e.g. a fresh sample) the
 * number of members ranked above the (a+1)-th non-member is negative hypergeometric, so
 * P(TP >= k) = P(at most a non-members among the first k + a ranks) = HypergeomLower(a; m + N, N, k + a).
 * Ties entering together can only lower the reported TP, so the p-value is valid (conservative) with ties.
 */
export function tprNullPValue(tp: number, m: number, N: number, a: number): number {
  if (tp <= 0) return 1;
  if (tp + a > m + N) return 0;
  return hypergeomLower(a, m + N, N, tp + a);
}

/** One-sided exact binomial tail P(X >= k), X ~ Binomial(n, p). */
export function binomialUpper(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return incompleteBeta(p, k, n - k + 1);
}

/** A one-sided leak test: the measured value beside what a fresh sample gives, with the test's p-value. */
/** Excess over a fresh sample: value = rate - freshRate, interval = Newcombe interval of the difference; baseline 0 (kind
 * 'holdout': a fresh sample, estimated from the holdout and the reference's own duplicates, has no excess over itself). */
export interface CopyTest extends Measure {
  /** Synthetic rows identical to a row of the reference table, and their share. */
  copies: number;
  n: number;
  rate: number;
  /** Estimated rate for a fresh sample of the population against the same reference (see method). */
  freshRate: number;
  /** The fresh-sample evidence as counts (effective: duplicates within a table counted once per group of identical rows). */
  freshCopies: number;
  freshN: number;
  /** One-sided Fisher exact test of rate > freshRate. */
  pValue: number;
  method: string;
}

/** Rows of a table in the distance space's columns, sortable: categorical codes, then raw numeric values (NaN = missing). */
export interface RowView {
  cats: Int32Array[];
  nums: Float64Array[];
  n: number;
}

export function rowView(e: Encoded, space: GowerSpace): RowView {
  return { cats: space.catCols.map((j) => exactCodes(e, j)), nums: space.numCols.map((j) => e.values[j]!), n: e.n };
}

/** Lexicographic order of row i of A and row j of B (identical rows compare 0; missing sorts after every number). */
export function compareRows(A: RowView, i: number, B: RowView, j: number): number {
  for (let t = 0; t < A.cats.length; t++) {
    const d = A.cats[t][i] - B.cats[t][j];
    if (d) return d;
  }
  for (let t = 0; t < A.nums.length; t++) {
    const x = A.nums[t][i];
    const y = B.nums[t][j];
    if (x === y) continue;
    const xm = x !== x;
    const ym = y !== y;
    if (xm && ym) continue;
    if (xm) return 1;
    if (ym) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Row indices in lexicographic order. */
export function sortedRows(v: RowView): Int32Array {
  const o = Array.from({ length: v.n }, (_, i) => i);
  o.sort((a, b) => compareRows(v, a, v, b) || a - b);
  return Int32Array.from(o);
}

/**
 * Duplicates within one table: rows that have an identical other row (a leave-one-out copy rate: each row is a fresh draw
 * against the other n - 1) and the number of groups of identical rows they form.
 */
export function duplicateGroups(v: RowView, order = sortedRows(v)): { rows: number; groups: number } {
  let rows = 0;
  let groups = 0;
  let i = 0;
  while (i < order.length) {
    let e = i + 1;
    while (e < order.length && compareRows(v, order[i], v, order[e]) === 0) e++;
    if (e - i > 1) {
      rows += e - i;
      groups++;
    }
    i = e;
  }
  return { rows, groups };
}

/** How many rows of A are identical to some row of B (both given in sorted order). */
export function countIn(A: RowView, orderA: Int32Array, B: RowView, orderB: Int32Array): number {
  let c = 0;
  let j = 0;
  for (let p = 0; p < orderA.length; p++) {
    const i = orderA[p];
    let d = 1;
    while (j < orderB.length && (d = compareRows(A, i, B, orderB[j])) > 0) j++;
    if (j < orderB.length && d === 0) c++;
  }
  return c;
}

/**
 * Copy test against a reference table: `copies` of `n` synthetic rows are identical to a reference row. The fresh-sample rate
 * pools two samples of the population drawn independently of the reference's membership: `otherCopies` of `otherN` rows of
 * the other real table identical to a reference row, and the reference's own leave-one-out duplicates (`dup.rows` rows in
 * `dup.groups` groups among `refN`). Rows of one duplicate group are not independent, so that part enters with the design
 * effect rows/groups divided out (count = groups, n = refN * groups / rows; unchanged when there are no duplicates).
 */
export function copyTest(copies: number, n: number, otherCopies: number, otherN: number, dup: { rows: number; groups: number }, refN: number, cl: number, what: string): CopyTest {
  const deff = dup.groups > 0 ? dup.rows / dup.groups : 1;
  const selfN = Math.max(0, Math.round(refN / deff));
  const selfK = Math.min(dup.groups, selfN);
  const fk = otherCopies + selfK;
  const fn = otherN + selfN;
  const d = newcombeDiff(copies, n, fk, fn, cl);
  return ivMeasure(d, baseline('holdout', 0), {
    copies,
    n,
    rate: copies / n,
    freshRate: fk / fn,
    freshCopies: fk,
    freshN: fn,
    pValue: fisherGreater(copies, n, fk, fn),
    method: `synthetic rows identical to a ${what} row, against the rate for a fresh sample (pooled: rows of the other real table identical to a ${what} row, and ${what} rows identical to another ${what} row, duplicate groups counted once); value = excess rate with a Newcombe interval; pValue = one-sided Fisher exact test`,
  });
}
