// results.json version 1 -> version 2, utility section (issue 10 item 1; docs/results-v2.md). Pure: the v1 section object
// in, the v2 section object out; every path stays where it was, only the inside of each measure changes:
//   v1 {value, lower, upper, reason?} (bootstrap estimates) and {value, reason?} (feature-importance agreement)
//   v1 {estimate, se, lower, upper} (inferential coefficient fits)
//   -> v2 Measure {value, interval?, baseline?, better, reason?} (src/measure.ts), detail fields (se) kept beside it.
//
//   path                                              better                      baseline
//   baseline.scores.<score>                            per score                   none (it is the chance reference)
//   models[*].trtr.<score>                             per score                   none (it is the reference of tstr)
//   models[*].tstr.<score>                             per score                   kind 'real': the same model's trtr.<score>, with its interval
//   models[*].ratio.<score>                            per score                   kind 'real', value 1 (TRTR / TRTR: no loss)
//   ranking.spearman / kendallTauB / sra               higher                      none
//   featureImportance.spearman / kendallTauB           higher                      none
//   inferential.coefficients[*].real                   closer                      none (it is the reference of synthetic)
//   inferential.coefficients[*].synthetic              closer                      kind 'real': the real fit's estimate and interval (when real is not null)
// Per score: 'lower' for logLoss, mae, rmse; 'higher' for accuracy, balancedAccuracy, macroF1, rocAuc, r2.
// A null lower/upper gives no interval; everything else (labels, counts, plain numbers, notes) is copied unchanged.

import { HIGHER_IS_BETTER, type MetricName } from '../../learners/scoring.js';
import { baseline, measure, type Baseline, type Better, type Bounds, type Measure } from '../../measure.js';

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(x: unknown): number | null {
  return typeof x === 'number' ? x : null;
}

function bounds(lo: unknown, hi: unknown): Bounds | null {
  return typeof lo === 'number' && typeof hi === 'number' ? [lo, hi] : null;
}

/** v1 {value, lower?, upper?, reason?} -> v2 measure; non-measure input is returned as it was. */
function estimate(v1: unknown, better: Better, base?: Baseline): unknown {
  if (!isObj(v1) || !('value' in v1)) return v1;
  const opts: { interval?: Bounds | null; baseline?: Baseline; reason?: string } = { interval: bounds(v1.lower, v1.upper) };
  if (base) opts.baseline = base;
  if (typeof v1.reason === 'string') opts.reason = v1.reason;
  return measure(num(v1.value), better, opts);
}

export function betterOfScore(score: string): Better {
  return Object.hasOwn(HIGHER_IS_BETTER, score) && !HIGHER_IS_BETTER[score as MetricName] ? 'lower' : 'higher';
}

function mapRecord(rec: unknown, f: (score: string, m: unknown) => unknown): unknown {
  if (!isObj(rec)) return rec;
  const out: Obj = {};
  for (const k of Object.keys(rec)) Object.defineProperty(out, k, { value: f(k, rec[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

function model(m: unknown): unknown {
  if (!isObj(m)) return m;
  const trtr = isObj(m.trtr) ? m.trtr : {};
  return {
    ...m,
    trtr: mapRecord(m.trtr, (k, e) => estimate(e, betterOfScore(k))),
    tstr: mapRecord(m.tstr, (k, e) => {
      const ref = trtr[k];
      return estimate(e, betterOfScore(k), isObj(ref) ? baseline('real', num(ref.value), bounds(ref.lower, ref.upper)) : undefined);
    }),
    ratio: mapRecord(m.ratio, (k, e) => estimate(e, betterOfScore(k), baseline('real', 1))),
  };
}

/** v1 coefficient fit {estimate, se, lower, upper} -> measure with se beside it; null when the input is not a fit. */
function coefficientFit(f: unknown, ref: Measure | null): Measure | null {
  if (!isObj(f) || !('estimate' in f)) return null;
  const { estimate: est, lower, upper, ...rest } = f;
  const opts: { interval?: Bounds | null; baseline?: Baseline } = { interval: bounds(lower, upper) };
  if (ref) opts.baseline = baseline('real', ref.value, ref.interval);
  return measure(num(est), 'closer', opts, rest);
}

function coefficient(c: unknown): unknown {
  if (!isObj(c)) return c;
  const real = coefficientFit(c.real, null);
  const synthetic = coefficientFit(c.synthetic, real);
  return { ...c, real: real ?? c.real, synthetic: synthetic ?? c.synthetic };
}

/** The utility section of a results v1 file as results v2. A skipped section ({skipped, reason}) is returned unchanged. */
export function utilityV1toV2(v1Section: unknown): unknown {
  if (!isObj(v1Section) || v1Section.skipped === true) return v1Section;
  const s: Obj = { ...v1Section };
  if (isObj(s.baseline)) s.baseline = { ...s.baseline, scores: mapRecord(s.baseline.scores, (k, e) => estimate(e, betterOfScore(k))) };
  if (Array.isArray(s.models)) s.models = s.models.map(model);
  if (isObj(s.ranking)) {
    const r: Obj = { ...s.ranking };
    for (const k of ['spearman', 'kendallTauB', 'sra']) if (k in r) r[k] = estimate(r[k], 'higher');
    s.ranking = r;
  }
  if (isObj(s.featureImportance) && s.featureImportance.applicable !== false) {
    const fi: Obj = { ...s.featureImportance };
    for (const k of ['spearman', 'kendallTauB']) if (k in fi) fi[k] = estimate(fi[k], 'higher');
    s.featureImportance = fi;
  }
  if (isObj(s.inferential) && s.inferential.applicable !== false && Array.isArray(s.inferential.coefficients)) {
    s.inferential = { ...s.inferential, coefficients: s.inferential.coefficients.map(coefficient) };
  }
  return s;
}
