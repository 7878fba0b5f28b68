// Inferential utility: the same logistic regression fitted on real and on synthetic data, each coefficient's Wald interval
// compared by Karr et al. (2006) confidence-interval overlap, plus sign agreement (the "outcome-specific" check of synthpop's compare.fit).

import type { Design, Target } from '../../src/learners/learner.js';
import { LogisticRegression } from '../../src/learners/logistic.js';
import { ciOverlap, waldInterval, type OverlapValue } from './ci-overlap.js';
import { baseline, type Bounds, type Measure } from '../../src/measure.js';

/**
 * One fit's coefficient as a results Measure: value = the estimate, interval = its Wald interval, se beside them.
 * The synthetic fit's coefficient has the real fit's as baseline (kind 'real') and is better the closer it is; the
 * real fit's is the reference itself (better 'closer' with no baseline of its own).
 */
export type CoefficientFit = Measure & { value: number; interval: Bounds; se: number };

export interface CoefficientComparison {
  name: string;
  /** Null when the coefficient was not estimated in that fit (reference level, aliased, or a level without rows). */
  real: CoefficientFit | null;
  synthetic: CoefficientFit | null;
  overlap: OverlapValue;
  /** Same sign of the two estimates; null when either is missing or exactly 0. */
  signAgree: boolean | null;
}

export interface InferentialResult {
  applicable: true;
  model: 'logistic';
  /** Penalty of the fits: null = unpenalised maximum likelihood (reference coding per categorical column). */
  C: number | null;
  /** 'binary', or 'one-vs-rest' (multiclass: the real majority class against the rest). */
  approach: 'binary' | 'one-vs-rest';
  /** Coefficients are log-odds of this class. */
  positiveClass: string;
  confidence: number;
  coefficients: CoefficientComparison[];
  /** Mean raw Karr overlap over coefficients where it is defined (null if none). */
  meanOverlap: number | null;
  /** Mean of max(0, overlap). */
  meanOverlapClipped: number | null;
  /** Share of coefficients (both estimated, both non-zero) with the same sign. */
  signAgreement: number | null;
  /** Coefficients with a defined overlap / listed. */
  defined: number;
  total: number;
  notes: string[];
}

export interface InferentialOptions {
  /** Inverse L2 strength; Infinity / undefined = unpenalised. */
  C?: number;
  confidence: number;
}

interface Fit {
  names: string[];
  est: Float64Array;
  se: Float64Array;
  /** Per categorical column: the reference code (first code with rows), -1 if none. */
  reference: number[];
}

function fitOne(X: Design, y: Int32Array, C: number): Fit {
  const lr = new LogisticRegression({ C }).fit(X, { kind: 'classification', y, nClasses: 2 });
  const co = lr.coefficients();
  const se = lr.standardErrors();
  if (!se) throw new Error('inferential: standard errors unavailable for a binary logistic fit');
  const est = new Float64Array(1 + co.beta.length);
  est[0] = co.intercept[0];
  est.set(co.beta, 1);
  const reference = X.cat.map((codes, j) => {
    const seen = new Uint8Array(X.catSizes[j]);
    for (let i = 0; i < X.n; i++) seen[codes[i]] = 1;
    return seen.indexOf(1);
  });
  return { names: ['(intercept)', ...co.names], est, se, reference };
}

/**
 * Fits a binary logistic regression on real and on synthetic (multiclass: one-vs-rest for the real majority class, code 0)
 * and compares every coefficient estimated in at least one fit. With reference coding, a categorical column whose reference
 * level differs between the two fits has incomparable coefficients: they are listed with a null overlap and a reason.
 */
export function inferentialUtility(
  Xr: Design,
  yr: Extract<Target, { kind: 'classification' }>,
  Xs: Design,
  ys: Extract<Target, { kind: 'classification' }>,
  classes: string[],
  opts: InferentialOptions,
): InferentialResult {
  const binary = yr.nClasses === 2;
  const toBinary = (y: Int32Array) => (binary ? y : Int32Array.from(y, (v) => (v === 0 ? 1 : 0)));
  const positiveClass = binary ? classes[1] : classes[0];
  const C = opts.C !== undefined && Number.isFinite(opts.C) ? opts.C : Infinity;
  const notes: string[] = [];
  if (!binary) notes.push(`multiclass target: one-vs-rest logistic regression of "${classes[0]}" (the real majority class) against the rest`);
  const header = {
    applicable: true as const,
    model: 'logistic' as const,
    C: Number.isFinite(C) ? C : null,
    approach: binary ? ('binary' as const) : ('one-vs-rest' as const),
    positiveClass,
    confidence: opts.confidence,
  };
  const ybr = toBinary(yr.y);
  const ybs = toBinary(ys.y);
  const countPos = (y: Int32Array) => y.reduce((a, v) => a + v, 0);
  const sp = countPos(ybs);
  if (sp === 0 || sp === ybs.length) {
    return {
      ...header,
      coefficients: [],
      meanOverlap: null,
      meanOverlapClipped: null,
      signAgreement: null,
      defined: 0,
      total: 0,
      notes: [...notes, `the synthetic target has no ${sp === 0 ? `"${positiveClass}"` : 'other'} rows: the logistic model cannot be fitted on it`],
    };
  }
  const fr = fitOne(Xr, ybr, C);
  const fs = fitOne(Xs, ybs, C);
  // categorical columns whose reference level differs (reference coding only)
  const badColumn = new Set<string>();
  if (!Number.isFinite(C)) {
    Xr.catNames.forEach((name, j) => {
      if (fr.reference[j] !== fs.reference[j]) badColumn.add(name);
    });
    for (const b of badColumn) notes.push(`column "${b}": the reference level differs between the real and synthetic fits (a level is absent from one of them), so its coefficients are not comparable`);
  }
  const numSet = new Set(Xr.numNames);
  const columnOf = (name: string): string | null => {
    if (name === '(intercept)' || numSet.has(name)) return null;
    for (const c of Xr.catNames) if (name.startsWith(c + '=')) return c;
    return null;
  };
  const coefficients: CoefficientComparison[] = [];
  let sumO = 0;
  let sumC = 0;
  let nO = 0;
  let agree = 0;
  let nSign = 0;
  for (let k = 0; k < fr.names.length; k++) {
    const okR = Number.isFinite(fr.se[k]);
    const okS = Number.isFinite(fs.se[k]);
    if (!okR && !okS) continue;
    const mk = (f: Fit, ref: CoefficientFit | null): CoefficientFit => {
      const c: CoefficientFit = { value: f.est[k], interval: waldInterval(f.est[k], f.se[k], opts.confidence), better: 'closer', se: f.se[k] };
      if (ref) c.baseline = baseline('real', ref.value, ref.interval);
      return c;
    };
    const real = okR ? mk(fr, null) : null;
    const synthetic = okS ? mk(fs, real) : null;
    const col = columnOf(fr.names[k]);
    let overlap: OverlapValue;
    let signAgree: boolean | null = null;
    if (col !== null && badColumn.has(col)) overlap = { raw: null, clipped: null, reason: `reference level of "${col}" differs between the fits` };
    else if (!real) overlap = { raw: null, clipped: null, reason: 'not estimated in the real fit (reference, aliased, or no rows)' };
    else if (!synthetic) overlap = { raw: null, clipped: null, reason: 'not estimated in the synthetic fit (reference, aliased, or no rows)' };
    else {
      overlap = ciOverlap(real.interval, synthetic.interval);
      if (real.value !== 0 && synthetic.value !== 0) {
        signAgree = Math.sign(real.value) === Math.sign(synthetic.value);
        nSign++;
        if (signAgree) agree++;
      }
    }
    if (overlap.raw !== null) {
      sumO += overlap.raw;
      sumC += overlap.clipped!;
      nO++;
    }
    coefficients.push({ name: fr.names[k], real, synthetic, overlap, signAgree });
  }
  return {
    ...header,
    coefficients,
    meanOverlap: nO ? sumO / nO : null,
    meanOverlapClipped: nO ? sumC / nO : null,
    signAgreement: nSign ? agree / nSign : null,
    defined: nO,
    total: coefficients.length,
    notes,
  };
}
