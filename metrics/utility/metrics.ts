// The utility metrics: one registry entry each (name = the key of UtilityResult it fills, run = that part, computed from
// the shared UtilityRun of metrics/utility/run.ts). The section runs UTILITY_METRICS in order; a new utility metric is
// one entry here plus its field in UtilityResult (the results schema is generated from it: npm run schema).

import { UserError } from '../../src/errors.js';
import type { Rng } from '../../src/rng.js';
import type { Design, Target } from '../../src/learners/learner.js';
import type { LearnerSpec } from '../../src/learners/index.js';
import { HIGHER_IS_BETTER, primaryScore, type MetricName, type ScoreSet } from '../../src/learners/scoring.js';
import { baseline, measure, type Baseline, type BaselineKind, type Better, type Measure } from '../../src/measure.js';
import { makeEstimate } from './bootstrap.js';
import { averageRanks, kendallTauB, rankingAgreement, spearmanRho, pairCounts, type MaybeNumber } from './ranking.js';
import { designColumns, permutationImportance } from './importance.js';
import { inferentialUtility } from './inferential.js';
import { toPredictions, type Fitted, type UtilityRun } from './run.js';
import type { FeatureImportanceEntry, FeatureImportanceResult, ModelUtility, NotApplicable, RankingResult, UtilityResult } from './index.js';

/** The parts of UtilityResult that metrics compute (the rest is the section's header: task, rows, verdicts, conventions...). */
export type UtilityMetricName = 'baseline' | 'models' | 'ranking' | 'featureImportance' | 'inferential';

/** One utility metric: the result key it fills and how to compute it. */
export type UtilityMetric = { [K in UtilityMetricName]: { name: K; run: (r: UtilityRun) => UtilityResult[K] } }[UtilityMetricName];

const undefinedReason = (metric: MetricName) =>
  metric === 'rocAuc' ? 'undefined: the holdout has a single class' : metric === 'r2' ? 'undefined: the holdout target is constant' : 'undefined on this holdout';

const betterOf = (metric: MetricName): Better => (HIGHER_IS_BETTER[metric] ? 'higher' : 'lower');

/** One measure per score of the task: point value on the holdout, percentile interval over the replicates, optional baseline. */
function scoreRecord<K extends BaselineKind = BaselineKind>(r: UtilityRun, pt: ScoreSet, rep: (b: number) => ScoreSet, base?: (k: MetricName) => Baseline<K>): Record<string, Measure<K>> {
  const out: Record<string, Measure<K>> = {};
  for (const k of r.metrics) {
    const rv = r.reps.map((_, b) => rep(b)[k]);
    out[k] = makeEstimate(pt[k] ?? null, rv.map((x) => x ?? null), r.o.confidence, betterOf(k), { reason: undefinedReason(k), baseline: base?.(k) });
  }
  return out;
}

/** A rank-agreement statistic without interval as a results Measure (higher agreement is better). */
function agreement(x: MaybeNumber): Measure {
  return measure(x.value, 'higher', x.reason !== undefined ? { reason: x.reason } : {});
}

/** Ranks with 1 = highest score (average ranks for ties); null everywhere if any score is null. */
function descendingRanks(x: (number | null)[]): (number | null)[] {
  if (x.some((v) => v === null)) return x.map(() => null);
  const r = averageRanks((x as number[]).map((v) => -v));
  return Array.from(r);
}

function pickImportanceModel(models: LearnerSpec[], labels: string[], choice: number | string | undefined): number {
  if (choice !== undefined) {
    const k = typeof choice === 'number' ? choice : labels.indexOf(choice);
    if (!(Number.isInteger(k) && k >= 0 && k < models.length)) throw new UserError(`utility.importanceModel ${JSON.stringify(choice)} is not a model of the zoo (models: ${labels.join(', ')})`);
    return k;
  }
  for (const t of ['boosting', 'forest']) {
    const k = models.findIndex((m) => m.type === t);
    if (k >= 0) return k;
  }
  return models.length - 1;
}

/** Seeded subsample of at most m rows of a design (all rows, in order, when it is small enough). */
function capRows(X: Design, target: Target, m: number, rng: Rng): { X: Design; target: Target } {
  if (X.n <= m) return { X, target };
  const rows = rng.sampleWithoutReplacement(X.n, m).sort();
  const pickF = (a: Float64Array) => Float64Array.from(rows, (i) => a[i]);
  const pickI = (a: Int32Array) => Int32Array.from(rows, (i) => a[i]);
  const Xs: Design = { ...X, n: m, num: X.num.map(pickF), cat: X.cat.map(pickI) };
  const t: Target = target.kind === 'classification' ? { kind: 'classification', y: pickI(target.y), nClasses: target.nClasses } : { kind: 'regression', y: pickF(target.y) };
  return { X: Xs, target: t };
}

/** The constant predictor from the real table (class shares / mean): the floor every model should beat. */
const baselineMetric: UtilityMetric = {
  name: 'baseline',
  run: (r) => ({
    description: r.task === 'classification' ? 'constant prediction of the real class shares' : 'constant prediction of the real mean',
    scores: scoreRecord(r, r.point.base, (b) => r.reps[b].base),
  }),
};

/** TRTR, TSTR (beside its TRTR) and TSTR / TRTR per model of the zoo and score. */
const modelsMetric: UtilityMetric = {
  name: 'models',
  run: (r) => {
    const { point, reps } = r;
    const ratioOf = (a: number | null | undefined, b: number | null | undefined, metric: MetricName): number | null => {
      if (a == null || b == null) return null;
      if (metric === 'r2' ? !(b > 0) : b === 0) return null;
      return a / b;
    };
    return r.models.map((spec, m): ModelUtility => {
      const ratio: Record<string, Measure<'real'>> = {};
      for (const k of r.metrics) {
        const v = ratioOf(point.syn[m][k], point.real[m][k], k);
        const reason = point.real[m][k] == null || point.syn[m][k] == null ? undefinedReason(k) : k === 'r2' ? 'undefined: TRTR R^2 is not positive' : 'undefined: TRTR score is 0';
        ratio[k] = makeEstimate(v, reps.map((x) => ratioOf(x.syn[m][k], x.real[m][k], k)), r.o.confidence, betterOf(k), { reason, baseline: baseline('real', 1) });
      }
      const trtr = scoreRecord(r, point.real[m], (b) => reps[b].real[m]);
      return {
        label: r.labels[m],
        spec,
        syntheticFit: r.singleSynthClass === null ? 'model' : 'constant',
        trtr,
        tstr: scoreRecord(r, point.syn[m], (b) => reps[b].syn[m], (k) => baseline('real', trtr[k].value, trtr[k].interval)),
        ratio,
      };
    });
  },
};

/** Ranking agreement on the primary score, paired bootstrap over the same holdout replicates. */
const rankingMetric: UtilityMetric = {
  name: 'ranking',
  run: (r): RankingResult => {
    const { primary, point, reps } = r;
    const K = r.models.length;
    const prim = (ss: ScoreSet[]) => ss.map((s) => s[primary] ?? null);
    const A = prim(point.real);
    const Bv = prim(point.syn);
    const stat = (a: (number | null)[], b: (number | null)[], f: (x: number[], y: number[]) => MaybeNumber): MaybeNumber =>
      a.some((x) => x === null) || b.some((x) => x === null) ? { value: null, reason: `a model's ${primary} is undefined on this holdout` } : f(a as number[], b as number[]);
    const rankStat = (f: (x: number[], y: number[]) => MaybeNumber): Measure => {
      const p = stat(A, Bv, f);
      return makeEstimate(p.value, reps.map((x) => stat(prim(x.real), prim(x.syn), f).value), r.o.confidence, 'higher', { reason: p.reason });
    };
    const pc = A.some((x) => x === null) || Bv.some((x) => x === null) ? null : pairCounts(A as number[], Bv as number[]);
    return {
      primaryMetric: primary,
      models: r.labels,
      trtr: A,
      tstr: Bv,
      rankTrtr: descendingRanks(A),
      rankTstr: descendingRanks(Bv),
      spearman: rankStat(spearmanRho),
      kendallTauB: rankStat(kendallTauB),
      sra: rankStat(rankingAgreement),
      tiedPairs: pc ? { trtr: pc.tiedA + pc.tiedBoth, tstr: pc.tiedB + pc.tiedBoth, total: pc.pairs } : { trtr: 0, tstr: 0, total: (K * (K - 1)) / 2 },
    };
  },
};

/** Permutation importance of one model trained on real and on synthetic, on the same shuffles of the holdout. */
const importanceMetric: UtilityMetric = {
  name: 'featureImportance',
  run: (r): FeatureImportanceResult | NotApplicable => {
    const { o, primary } = r;
    const m = pickImportanceModel(r.models, r.labels, o.importanceModel);
    const capped = capRows(r.Xh, r.holdS.target, o.importanceRows, r.rng.fork('importance.rows'));
    const scorer = (f: Fitted) => (X: Design) => primaryScore(toPredictions(capped.target, f.predict(X)));
    const names = r.info.features.map((j) => r.ctx.domain.columns[j].name);
    const refs = designColumns(capped.X, names);
    const task3 = r.ctx.progress.task('utility: permutation importance');
    const { base, importance } = permutationImportance([scorer(r.fittedReal[m]), scorer(r.fittedSyn[m])], capped.X, refs, o.importanceRepeats, r.rng.fork('importance'));
    task3.done();
    const entries: FeatureImportanceEntry[] = refs.map((x, f) => ({ name: x.name, real: importance[0][f], synthetic: importance[1][f] }));
    if (base[0] === null) return { applicable: false, reason: `the ${primary} of the importance model is undefined on this holdout` };
    const k = Math.min(o.topFeatures, entries.length);
    const top = (side: 'real' | 'synthetic') =>
      entries
        .map((e, i) => ({ i, v: e[side] ?? -Infinity }))
        .sort((a, b) => b.v - a.v || a.i - b.i)
        .slice(0, k)
        .map((e) => entries[e.i].name);
    const topReal = top('real');
    const topSynthetic = top('synthetic');
    const ir = entries.map((e) => e.real);
    const is = entries.map((e) => e.synthetic);
    const defined = ir.every((v) => v !== null) && is.every((v) => v !== null);
    return {
      model: r.labels[m],
      metric: primary,
      repeats: o.importanceRepeats,
      rows: capped.X.n,
      baseScore: { real: base[0], synthetic: base[1] },
      features: entries,
      spearman: agreement(defined ? spearmanRho(ir as number[], is as number[]) : { value: null, reason: 'an importance is undefined' }),
      kendallTauB: agreement(defined ? kendallTauB(ir as number[], is as number[]) : { value: null, reason: 'an importance is undefined' }),
      topReal,
      topSynthetic,
      topOverlap: topReal.filter((n) => topSynthetic.includes(n)).length / k,
    };
  },
};

/** Inferential utility: logistic coefficients with Wald intervals on real and on synthetic, Karr et al. overlap. */
const inferentialMetric: UtilityMetric = {
  name: 'inferential',
  run: (r) => {
    const task4 = r.ctx.progress.task('utility: inferential');
    const { info } = r;
    const out =
      info.kind !== 'classification'
        ? { applicable: false as const, reason: 'regression target: coefficient-overlap utility is computed for logistic models only (binary classification, or one-vs-rest for the majority class)' }
        : r.singleSynthClass !== null
          ? { applicable: false as const, reason: `synthetic ${r.tname} has a single class: no logistic model can be fitted on it` }
          : inferentialUtility(r.Xr, r.realS.target as Extract<Target, { kind: 'classification' }>, r.Xs, r.synS.target as Extract<Target, { kind: 'classification' }>, info.classes, { C: r.o.inferentialC, confidence: r.o.confidence });
    task4.done();
    return out;
  },
};

/** The utility metrics, in the order they run (and report). */
export const UTILITY_METRICS: readonly UtilityMetric[] = [baselineMetric, modelsMetric, rankingMetric, importanceMetric, inferentialMetric];
