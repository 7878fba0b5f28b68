// Empirical epsilon lower bound from membership-attack scores (Jagielski et al. 2020; Nasr et al. 2021; TAPAS "effective epsilon"):
// threshold chosen on a validation split, one-sided Clopper-Pearson upper bounds of FPR and FNR on the test split, formula in docs/definitions.md#empirical-ε-lower-bound.

import type { Rng } from '../src/rng.js';
import { clopperPearson, epsilonFromBounds } from './stats.js';

export interface EpsilonOptions {
  delta?: number;
  /** Confidence of each one-sided Clopper-Pearson bound (default 0.95). */
  confidence?: number;
  /** Share of the scored sets used to choose the threshold (default 0.5, stratified by label); ignored with `validation`. */
  validationShare?: number;
  /**
   * Scores of other sets (e.g. out-of-fold scores of the attack's training sets) on which to choose the threshold; then every
   * scored set is a test set for the Clopper-Pearson bounds (none is spent on choosing the threshold).
   */
  validation?: { scores: ArrayLike<number>; labels: ArrayLike<number> };
}

export interface EpsilonResult {
  /** The lower bound (0 when the attack does no better than the bound can certify). */
  epsilonLb: number;
  /** Threshold chosen on the validation split (predict member when score >= threshold). */
  threshold: number;
  fpUpper: number;
  fnUpper: number;
  falsePositives: number;
  falseNegatives: number;
  nTestMembers: number;
  nTestNonMembers: number;
  nValidation: number;
  delta: number;
  confidence: number;
  /** Largest value this test split could certify (zero errors): the bound's resolution. */
  maxCertifiable: number;
}

function errorsAt(scores: ArrayLike<number>, labels: ArrayLike<number>, rows: number[], thr: number): { fp: number; fn: number; nPos: number; nNeg: number } {
  let fp = 0;
  let fn = 0;
  let nPos = 0;
  let nNeg = 0;
  for (const i of rows) {
    const pred = scores[i] >= thr;
    if (labels[i]) {
      nPos++;
      if (!pred) fn++;
    } else {
      nNeg++;
      if (pred) fp++;
    }
  }
  return { fp, fn, nPos, nNeg };
}

function boundAt(e: { fp: number; fn: number; nPos: number; nNeg: number }, delta: number, cl: number): { eps: number; fpU: number; fnU: number } {
  const fpU = clopperPearson(e.fp, e.nNeg, cl, 'upper').hi;
  const fnU = clopperPearson(e.fn, e.nPos, cl, 'upper').hi;
  return { eps: epsilonFromBounds(fpU, fnU, delta), fpU, fnU };
}

/** Empirical epsilon lower bound; scores higher = more likely member, labels 1 = member. */
export function empiricalEpsilon(scores: ArrayLike<number>, labels: ArrayLike<number>, rng: Rng, opts: EpsilonOptions = {}): EpsilonResult {
  const delta = opts.delta ?? 0;
  const cl = opts.confidence ?? 0.95;
  const vs = opts.validationShare ?? 0.5;
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] ? pos : neg).push(i);
  const split = (xs: number[], label: string) => {
    const p = rng.fork(label).permutation(xs.length);
    const nv = Math.round(xs.length * vs);
    return { val: Array.from(p.subarray(0, nv), (k) => xs[k]), test: Array.from(p.subarray(nv), (k) => xs[k]) };
  };
  const ext = opts.validation;
  const P = ext ? { val: [] as number[], test: pos } : split(pos, 'eps.split.pos');
  const N = ext ? { val: [] as number[], test: neg } : split(neg, 'eps.split.neg');
  const vScores = ext ? ext.scores : scores;
  const vLabels = ext ? ext.labels : labels;
  const val = ext ? Array.from({ length: ext.labels.length }, (_, i) => i) : [...P.val, ...N.val];
  const test = [...P.test, ...N.test];
  if (P.test.length === 0 || N.test.length === 0) throw new Error('empiricalEpsilon: the test split needs members and non-members');
  // candidate thresholds: every distinct validation score, plus +Infinity (predict nobody)
  const cands = Array.from(new Set(val.map((i) => vScores[i]))).sort((a, b) => a - b);
  cands.push(Infinity);
  let bestThr = Infinity;
  let bestEps = -1;
  for (const thr of cands) {
    const e = errorsAt(vScores, vLabels, val, thr);
    const b = e.nPos && e.nNeg ? boundAt(e, delta, cl).eps : 0;
    if (b > bestEps) {
      bestEps = b;
      bestThr = thr;
    }
  }
  const e = errorsAt(scores, labels, test, bestThr);
  const b = boundAt(e, delta, cl);
  return {
    epsilonLb: b.eps,
    threshold: bestThr === Infinity ? Number.MAX_VALUE : bestThr,
    fpUpper: b.fpU,
    fnUpper: b.fnU,
    falsePositives: e.fp,
    falseNegatives: e.fn,
    nTestMembers: e.nPos,
    nTestNonMembers: e.nNeg,
    nValidation: val.length,
    delta,
    confidence: cl,
    maxCertifiable: epsilonCap(e.nPos, e.nNeg, delta, cl),
  };
}

/**
 * The largest epsilon lower bound a test split of nPos members and nNeg non-members can certify (an attack without a single
 * error): claims at or above it can never be contradicted with these settings.
 */
export function epsilonCap(nPos: number, nNeg: number, delta: number, confidence = 0.95): number {
  if (nPos <= 0 || nNeg <= 0) return 0;
  const fpU = clopperPearson(0, nNeg, confidence, 'upper').hi;
  const fnU = clopperPearson(0, nPos, confidence, 'upper').hi;
  return epsilonFromBounds(fpU, fnU, delta);
}

/**
 * The smallest number of test sets (half members, half non-members, every one used for the bound) whose cap exceeds the
 * claimed epsilon: with m sets per class and no error, the Clopper-Pearson upper bound is u = 1 - alpha^(1/m), and
 * ln((1 - delta - u)/u) > epsilon needs u < (1 - delta)/(1 + e^epsilon), i.e. m > ln(alpha) / ln(1 - c). Null when no
 * number of sets can (delta >= 1).
 */
export function testSetsNeeded(epsilon: number, delta: number, confidence = 0.95): number | null {
  const c = (1 - delta) / (1 + Math.exp(epsilon));
  if (!(c > 0)) return null;
  const alpha = 1 - confidence;
  let m = Math.max(1, Math.floor(Math.log(alpha) / Math.log1p(-c)));
  if (!Number.isFinite(m)) return null;
  if (m > 1e7) return 2 * (m + 1); // beyond any practical budget; the closed form is exact enough here
  // exact check against the implemented bound (rounding of the closed form)
  while (m > 1 && epsilonCap(m - 1, m - 1, delta, confidence) > epsilon) m--;
  while (!(epsilonCap(m, m, delta, confidence) > epsilon)) m++;
  return 2 * m;
}
