// Small statistics for the privacy attacks: normal quantiles, Wilson and Clopper-Pearson intervals, ROC AUC with ties
// (DeLong variance), TPR at a fixed FPR, Anonymeter's control-based risk, the empirical epsilon lower bound (docs/definitions.md).
// The AUC point value is the learners' aucFromScores (one implementation in the project); the DeLong variance is computed here.

import { aucFromScores } from '../src/learners/scoring.js';
import { Phi } from '../src/dp.js';
import { normalQuantile, zFor } from '../src/stats.js';
import { quantileSorted } from '../src/domain.js';
import { averageRanks } from '../src/ranks.js';
import { baseline, measure, type Measure } from '../src/measure.js';

/** Interval with a point value, used inside the computations (the section's results carry src/measure.ts measures instead). */
export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

// ---------------------------------------------------------------- normal distribution

/** Standard normal CDF (src/dp.ts Phi, accurate to ~1e-14). */
export const normalCdf = Phi;

/** Standard normal quantile and two-sided z: src/stats.ts (the one implementation). */
export { normalQuantile, zFor };

// ---------------------------------------------------------------- binomial intervals

/**
 * Wilson score interval for k successes in n trials (docs/definitions.md#attacks-with-a-control-set-anonymeter): centre (k + z^2/2)/(n + z^2),
 * half-width z/(n + z^2) * sqrt(k(n-k)/n + z^2/4). `value` is the raw rate k/n; `centre`/`halfWidth` as Anonymeter uses them.
 */
export function wilson(k: number, n: number, cl = 0.95): Interval & { centre: number; halfWidth: number } {
  if (n <= 0) throw new RangeError('wilson: n must be positive');
  const z = zFor(cl);
  const z2 = z * z;
  const centre = (k + z2 / 2) / (n + z2);
  const halfWidth = (z / (n + z2)) * Math.sqrt((k * (n - k)) / n + z2 / 4);
  return { value: k / n, lo: Math.max(0, centre - halfWidth), hi: Math.min(1, centre + halfWidth), centre, halfWidth };
}

/** ln Gamma(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
export function logGamma(x: number): number {
  const g = 7;
  const coef = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = coef[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += coef[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta (modified Lentz, Numerical Recipes betacf). */
function betacf(a: number, b: number, x: number): number {
  const FPMIN = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const bt = Math.exp(lbt);
  if (x < (a + 1) / (a + b + 2)) return (bt * betacf(a, b, x)) / a;
  return 1 - (bt * betacf(b, a, 1 - x)) / b;
}

/** Quantile of Beta(a, b): the x with I_x(a, b) = p (bisection to 1e-13 on x; monotone and safe). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 200 && hi - lo > 1e-14; it++) {
    const mid = 0.5 * (lo + hi);
    if (incompleteBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Clopper-Pearson ("exact") interval for k successes in n trials. Two-sided at level cl puts alpha/2 in each tail;
 * the one-sided bounds put all of alpha = 1 - cl in one tail: upper = Beta^-1(1 - alpha; k + 1, n - k) (= 1 for k = n),
 * lower = Beta^-1(alpha; k, n - k + 1) (= 0 for k = 0). E.g. 0 of 10, one-sided 95% upper = 1 - 0.05^(1/10).
 */
export function clopperPearson(k: number, n: number, cl = 0.95, sided: 'two' | 'upper' | 'lower' = 'two'): Interval {
  if (n <= 0) throw new RangeError('clopperPearson: n must be positive');
  if (k < 0 || k > n || !Number.isInteger(k)) throw new RangeError(`clopperPearson: k must be an integer in [0, n] (got ${k})`);
  const alpha = 1 - cl;
  const tail = sided === 'two' ? alpha / 2 : alpha;
  let lo = 0;
  let hi = 1;
  if (sided !== 'upper') lo = k === 0 ? 0 : k === n && tail > 0 ? Math.pow(tail, 1 / n) : betaQuantile(tail, k, n - k + 1);
  if (sided !== 'lower') hi = k === n ? 1 : k === 0 ? 1 - Math.pow(tail, 1 / n) : betaQuantile(1 - tail, k + 1, n - k);
  return { value: k / n, lo, hi };
}

// ---------------------------------------------------------------- ROC

/** Midranks (1-based, ties get the mean rank): the shared implementation in src/ranks.ts. */
export const midranks = averageRanks;

export interface AucResult extends Interval {
  /** DeLong standard error. */
  se: number;
  nPositive: number;
  nNegative: number;
}

/**
 * ROC AUC = P(score_pos > score_neg) + 0.5 P(tie) (Mann-Whitney with midranks), with the DeLong (1988) standard error and a
 * normal interval clipped to [0, 1]. labels: 1 = positive (member), 0 = negative.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, cl = 0.95): AucResult {
  const n = scores.length;
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < n; i++) (labels[i] ? pos : neg).push(scores[i]);
  const n1 = pos.length;
  const n0 = neg.length;
  if (n1 === 0 || n0 === 0) throw new RangeError('rocAuc: need at least one positive and one negative');
  const all = new Float64Array(n);
  for (let i = 0; i < n1; i++) all[i] = pos[i];
  for (let i = 0; i < n0; i++) all[n1 + i] = neg[i];
  const rAll = midranks(all);
  const rPos = midranks(pos);
  const rNeg = midranks(neg);
  const auc = aucFromScores(scores, labels);
  // DeLong placements
  let m10 = 0;
  let m01 = 0;
  const v10 = new Float64Array(n1);
  const v01 = new Float64Array(n0);
  for (let i = 0; i < n1; i++) {
    v10[i] = (rAll[i] - rPos[i]) / n0;
    m10 += v10[i];
  }
  for (let j = 0; j < n0; j++) {
    v01[j] = 1 - (rAll[n1 + j] - rNeg[j]) / n1;
    m01 += v01[j];
  }
  m10 /= n1;
  m01 /= n0;
  let s10 = 0;
  let s01 = 0;
  for (let i = 0; i < n1; i++) s10 += (v10[i] - m10) ** 2;
  for (let j = 0; j < n0; j++) s01 += (v01[j] - m01) ** 2;
  s10 = n1 > 1 ? s10 / (n1 - 1) : 0;
  s01 = n0 > 1 ? s01 / (n0 - 1) : 0;
  const se = Math.sqrt(s10 / n1 + s01 / n0);
  const z = zFor(cl);
  return { value: auc, lo: Math.max(0, auc - z * se), hi: Math.min(1, auc + z * se), se, nPositive: n1, nNegative: n0 };
}

export interface RocPoint {
  threshold: number;
  fpr: number;
  tpr: number;
}

/**
 * ROC curve: one point per distinct score, predicting positive when score >= threshold (tied scores enter together),
 * from (0, 0) (threshold +inf, reported as null-free Number.MAX_VALUE) to (1, 1).
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  const n = scores.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  let P = 0;
  for (let i = 0; i < n; i++) if (labels[i]) P++;
  const N = n - P;
  const pts: RocPoint[] = [{ threshold: Number.MAX_VALUE, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  let i = 0;
  while (i < n) {
    const s = scores[order[i]];
    while (i < n && scores[order[i]] === s) {
      if (labels[order[i]]) tp++;
      else fp++;
      i++;
    }
    pts.push({ threshold: s, fpr: N ? fp / N : 0, tpr: P ? tp / P : 0 });
  }
  return pts;
}

/** A ROC curve as two parallel arrays, from (0, 0) to (1, 1), FPR and TPR both non-decreasing. */
export interface Roc {
  fpr: number[];
  tpr: number[];
}

/** FPRs always resolved by rocPoints (the low-FPR region matters most for membership inference). */
export const ROC_LOW_FPRS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05];

/**
 * ROC vertices for a report, at most maxPoints (>= 16) of them, every one an exact vertex of rocCurve (rounded to 6 decimals).
 * First the interior points of vertical and horizontal runs are dropped (lossless: the polyline is unchanged); if still too many,
 * the kept vertices are (0, 0), (1, 1), for each FPR in ROC_LOW_FPRS and on a linear FPR grid the last vertex with FPR <= it
 * (its TPR is tprAtFpr's), and for each TPR on a linear grid the first vertex reaching it.
 */
export function rocPoints(scores: ArrayLike<number>, labels: ArrayLike<number>, maxPoints = 60): Roc {
  if (!(Number.isInteger(maxPoints) && maxPoints >= 16)) throw new RangeError(`rocPoints: maxPoints must be an integer >= 16 (got ${maxPoints})`);
  const pts = rocCurve(scores, labels);
  const v: RocPoint[] = [pts[0]];
  for (let i = 1; i < pts.length - 1; i++) {
    const a = v[v.length - 1];
    const b = pts[i];
    const c = pts[i + 1];
    if ((a.fpr === b.fpr && b.fpr === c.fpr) || (a.tpr === b.tpr && b.tpr === c.tpr)) continue;
    v.push(b);
  }
  if (pts.length > 1) v.push(pts[pts.length - 1]);
  let keep: RocPoint[] = v;
  if (v.length > maxPoints) {
    const k = Math.floor((maxPoints - 2 - ROC_LOW_FPRS.length) / 2);
    const idx = new Set<number>([0, v.length - 1]);
    const lastAtFpr = (g: number) => {
      let j = 0;
      while (j + 1 < v.length && v[j + 1].fpr <= g + 1e-12) j++;
      return j;
    };
    const firstAtTpr = (h: number) => {
      let j = 0;
      while (j < v.length - 1 && v[j].tpr < h - 1e-12) j++;
      return j;
    };
    for (const g of ROC_LOW_FPRS) idx.add(lastAtFpr(g));
    for (let i = 1; i < k; i++) {
      idx.add(lastAtFpr(i / k));
      idx.add(firstAtTpr(i / k));
    }
    keep = [...idx].sort((a, b) => a - b).map((j) => v[j]);
  }
  return { fpr: keep.map((p) => r6(p.fpr)), tpr: keep.map((p) => r6(p.tpr)) };
}

export interface TprAtFpr {
  /** Target false-positive rate. */
  fpr: number;
  /** Highest TPR over thresholds whose FPR <= target. */
  tpr: number;
  /** FPR actually achieved at that threshold. */
  achievedFpr: number;
  /** Wilson interval of the TPR (conditional on the chosen threshold). */
  lo: number;
  hi: number;
  /** Whether the target FPR is resolvable: at least one negative per target FPR (n_neg * fpr >= 1). */
  resolvable: boolean;
}

/**
 * TPR at a fixed low FPR from the ROC curve (threshold rule score >= t, ties enter together): the highest TPR among the
 * curve's vertices with FPR <= target, no interpolation between vertices (= sklearn roc_curve, max tpr where fpr <= target).
 */
export function tprAtFpr(scores: ArrayLike<number>, labels: ArrayLike<number>, fpr: number, cl = 0.95): TprAtFpr {
  const pts = rocCurve(scores, labels);
  let best = pts[0];
  for (const p of pts) if (p.fpr <= fpr + 1e-12 && p.tpr >= best.tpr) best = p;
  let P = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) P++;
  const N = labels.length - P;
  const w = wilson(Math.round(best.tpr * P), Math.max(P, 1), cl);
  return { fpr, tpr: best.tpr, achievedFpr: best.fpr, lo: w.lo, hi: w.hi, resolvable: N * fpr >= 1 };
}

// ---------------------------------------------------------------- Anonymeter risk

export interface Risk {
  /** (r_train - r_control) / (1 - r_control), unclipped, from the Wilson centres (as Anonymeter). */
  value: number;
  /** Propagated standard error-like half-width: sqrt((dR/dr_t * e_t)^2 + (dR/dr_c * e_c)^2). */
  error: number;
  /** value -/+ error, unclipped (may go below 0: no measurable risk). */
  lo: number;
  hi: number;
  /** value and interval clipped to [0, 1], as Anonymeter reports risk. */
  clipped: Interval;
}

/**
 * Anonymeter's residual risk (Giomi et al. 2023): rates are Wilson centres, errors Wilson half-widths, error propagated
 * to first order. Null when r_control = 1 (no room above the control).
 */
export function controlRisk(kTrain: number, nTrain: number, kControl: number, nControl: number, cl = 0.95): Risk | null {
  const t = wilson(kTrain, nTrain, cl);
  const c = wilson(kControl, nControl, cl);
  if (c.centre >= 1) return null;
  const value = (t.centre - c.centre) / (1 - c.centre);
  const dT = 1 / (1 - c.centre);
  const dC = (t.centre - 1) / (1 - c.centre) ** 2;
  const error = Math.sqrt((t.halfWidth * dT) ** 2 + (c.halfWidth * dC) ** 2);
  const clip = (x: number) => Math.max(0, Math.min(1, x));
  return { value, error, lo: value - error, hi: value + error, clipped: { value: clip(value), lo: clip(value - error), hi: clip(value + error) } };
}

// ---------------------------------------------------------------- empirical epsilon

/**
 * epsilon_lb = max( ln((1 - delta - FNR+)/FPR+), ln((1 - delta - FPR+)/FNR+) ), floored at 0 (docs/definitions.md#empirical-ε-lower-bound; Jagielski et al. 2020),
 * where FPR+ and FNR+ are upper confidence bounds. A log of a non-positive ratio counts as 0.
 */
export function epsilonFromBounds(fprUpper: number, fnrUpper: number, delta: number): number {
  const term = (num: number, den: number) => (num > 0 && den > 0 ? Math.log(num / den) : 0);
  return Math.max(0, term(1 - delta - fnrUpper, fprUpper), term(1 - delta - fprUpper, fnrUpper));
}

// ---------------------------------------------------------------- small helpers

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length ? s / x.length : NaN;
}

/** Type-7 quantile of unsorted values (copies). */
export function quantile(x: ArrayLike<number>, q: number): number {
  return quantileSorted(Float64Array.from(x).sort(), q);
}

/** Round to 6 significant decimals for stable JSON (keeps byte-identical output robust to summation order noise). */
export function r6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

// ---------------------------------------------------------------- membership-inference summary

/** TPR at one low FPR as a results measure: value = TPR with its Wilson interval, baseline = the FPR (a coin's TPR). */
export interface TprAtFprMeasure extends Measure {
  fpr: number;
  achievedFpr: number;
  resolvable: boolean;
}

/** tprAtFpr's point as a measure (its TPR the value, beside the chance baseline TPR = FPR). */
export function tprMeasure(t: TprAtFpr): TprAtFprMeasure {
  return measure(t.tpr, 'lower', { interval: [t.lo, t.hi], baseline: baseline('chance', t.fpr) }, { fpr: t.fpr, achievedFpr: t.achievedFpr, resolvable: t.resolvable });
}

export interface MiaSummary {
  /** ROC AUC of the attack score (higher = member), DeLong interval, beside the chance baseline 0.5 (a coin). */
  auc: Measure & { se: number };
  /** TPR at fixed low FPRs (default 1% and 0.1%); baseline TPR = FPR. */
  tprAtFpr: TprAtFprMeasure[];
  /** Best membership advantage max_t (TPR - FPR) over thresholds (optimistic: chosen on the same data). */
  maxAdvantage: number;
  nMembers: number;
  nNonMembers: number;
  baseline: { auc: 0.5; note: string };
  /** The ROC curve, at most 60 exact vertices (rocPoints). */
  roc: Roc;
}

export const DEFAULT_FPRS = [0.01, 0.001];

export function miaSummary(scores: ArrayLike<number>, labels: ArrayLike<number>, cl = 0.95, fprs: number[] = DEFAULT_FPRS): MiaSummary {
  const a = rocAuc(scores, labels, cl);
  const pts = rocCurve(scores, labels);
  let adv = 0;
  for (const p of pts) if (p.tpr - p.fpr > adv) adv = p.tpr - p.fpr;
  return {
    auc: measure(a.value, 'lower', { interval: [a.lo, a.hi], baseline: baseline('chance', 0.5) }, { se: a.se }),
    tprAtFpr: fprs.map((f) => tprMeasure(tprAtFpr(scores, labels, f, cl))),
    maxAdvantage: adv,
    nMembers: a.nPositive,
    nNonMembers: a.nNegative,
    baseline: { auc: 0.5, note: 'a guess that ignores the data has AUC 0.5 and TPR = FPR' },
    roc: rocPoints(scores, labels),
  };
}

/**
 * Score interval for an AUC from few sets (Newcombe 2006, "Confidence intervals for an effect size measure based on the
 * Mann-Whitney statistic. Part 2", method 5): all theta with (A - theta)^2 <= z^2 V(theta), where
 * V(theta) = theta (1 - theta) / (m n) * (2N* - 1 - (3N* - 3) / ((2 - theta)(1 + theta))), N* = (m + n) / 2 (the
 * Hanley-McNeil variance with equal group sizes, evaluated at theta instead of at A). Unlike DeLong or Hanley-McNeil at A,
 * it never has zero width: 4 + 4 perfectly separated sets give [0.60, 1], not [1, 1].
 */
export function aucScoreInterval(auc: number, m: number, n: number, cl = 0.95): Interval {
  if (!(m > 0 && n > 0)) throw new RangeError('aucScoreInterval: need at least one positive and one negative');
  const z = zFor(cl);
  const ns = (m + n) / 2;
  const V = (t: number) => ((t * (1 - t)) / (m * n)) * (2 * ns - 1 - (3 * ns - 3) / ((2 - t) * (1 + t)));
  const inside = (t: number) => (auc - t) ** 2 <= z * z * Math.max(0, V(t));
  // the accepted set is an interval containing A: bisect each end
  const edge = (a: number, b: number) => {
    // a inside, b outside (or the end of [0, 1])
    if (inside(b)) return b;
    for (let k = 0; k < 60; k++) {
      const c = (a + b) / 2;
      if (inside(c)) a = c;
      else b = c;
    }
    return a;
  };
  return { value: auc, lo: edge(auc, 0), hi: edge(auc, 1) };
}
