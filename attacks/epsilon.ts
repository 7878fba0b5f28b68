// Empirical epsilon lower bound from membership-attack scores (Jagielski et al. 2020; Nasr et al. 2021; TAPAS "effective epsilon"):
// threshold chosen on a validation split, one-sided Clopper-Pearson upper bounds of FPR and FNR on the test split, formula in definitions.md.

import type { Rng } from '../src/rng.js';
import { clopperPearson, epsilonFromBounds } from './stats.js';

export interface EpsilonOptions {
  delta?: number;
  /** Confidence of each one-sided Clopper-Pearson bound (default 0.95). */
  confidence?: number;
  /** Share of the scored sets used to choose the threshold (default 0.5, stratified by label). */
  validationShare?: number;
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
  const P = split(pos, 'eps.split.pos');
  const N = split(neg, 'eps.split.neg');
  const val = [...P.val, ...N.val];
  const test = [...P.test, ...N.test];
  if (P.test.length === 0 || N.test.length === 0) throw new Error('empiricalEpsilon: the test split needs members and non-members');
  // candidate thresholds: every distinct validation score, plus +Infinity (predict nobody)
  const cands = Array.from(new Set(val.map((i) => scores[i]))).sort((a, b) => a - b);
  cands.push(Infinity);
  let bestThr = Infinity;
  let bestEps = -1;
  for (const thr of cands) {
    const e = errorsAt(scores, labels, val, thr);
    const b = e.nPos && e.nNeg ? boundAt(e, delta, cl).eps : 0;
    if (b > bestEps) {
      bestEps = b;
      bestThr = thr;
    }
  }
  const e = errorsAt(scores, labels, test, bestThr);
  const b = boundAt(e, delta, cl);
  const best = boundAt({ fp: 0, fn: 0, nPos: e.nPos, nNeg: e.nNeg }, delta, cl);
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
    maxCertifiable: best.eps,
  };
}
