// Utility: TSTR beside TRTR per model of a zoo with holdout-bootstrap intervals, model-ranking agreement, permutation-importance
// agreement and logistic-coefficient CI overlap. Follows docs/definitions.md#utility: Jordon et al. 2018 (SRA), Karr et al. 2006 (overlap).

import type { AuditContext } from '../../src/context.js';
import { skip, type Skipped } from '../../src/skipped.js';
import type { Rng } from '../../src/rng.js';
import { designFrom, missingIndicatorColumns, type Design, type Learner, type Target } from '../../src/learners/learner.js';
import { makeLearner, learnerLabel, type LearnerSpec } from '../../src/learners/index.js';
import { UserError } from '../../src/errors.js';
import { resolveTarget, splitTarget, isSkipped, type TargetInfo, type TargetSplit } from './target.js';
import {
  CLASSIFICATION_METRICS,
  REGRESSION_METRICS,
  HIGHER_IS_BETTER,
  LOGLOSS_EPS,
  prepareClassPredictions,
  prepareRegPredictions,
  primaryScore,
  scoreAll,
  type MetricName,
  type Predictions,
  type ScoreSet,
} from '../../src/learners/scoring.js';
import { bootstrapReplicates, makeEstimate } from './bootstrap.js';
import { baseline, measure, type Baseline, type Better, type Measure } from '../../src/measure.js';
import { averageRanks, kendallTauB, rankingAgreement, spearmanRho, pairCounts, type MaybeNumber } from './ranking.js';
import { designColumns, permutationImportance } from './importance.js';
import { inferentialUtility, type InferentialResult } from './inferential.js';
import { defaultZoo, validateModels } from './zoo.js';
import { checkUtilityOptions } from './options.js';

export { averageRanks, kendallTauB, rankingAgreement, spearmanRho, pearson, pairCounts } from './ranking.js';
export { ciOverlap, waldInterval } from './ci-overlap.js';
export { bootstrapReplicates, makeEstimate } from './bootstrap.js';
export { classificationScores, regressionScores, weightedAuc, sortScores, prepareClassPredictions, prepareRegPredictions, primaryScore } from '../../src/learners/scoring.js';
export { resolveTarget, splitTarget, isSkipped } from './target.js';
export { permutationImportance, permuteColumn, designColumns } from './importance.js';
export { inferentialUtility } from './inferential.js';
export { defaultZoo } from './zoo.js';
export { checkUtilityOptions, checkModelSpecs } from './options.js';

export interface UtilityOptions {
  /** Model zoo (default: defaultZoo(task)). */
  models?: LearnerSpec[];
  /** Bootstrap replicates over holdout rows (default 200; 0 = no intervals). */
  bootstrap?: number;
  /** Two-sided confidence of every interval (default 0.95). */
  confidence?: number;
  /** Which zoo model permutation importance uses: index or label (default: the first boosting model, else forest, else the last model). */
  importanceModel?: number | string;
  /** Shuffles per feature (default 2). */
  importanceRepeats?: number;
  /** Holdout rows used for permutation importance, a seeded subsample when the holdout is larger (default 4000). */
  importanceRows?: number;
  /** How many top features to list side by side (default 5). */
  topFeatures?: number;
  /** Inverse L2 strength of the inferential logistic fit (default: unpenalised maximum likelihood, reference coding). */
  inferentialC?: number;
  /** Set by the pipeline when the target column is absent from the synthetic table. */
  targetAbsent?: boolean;
}

export interface NotApplicable {
  applicable: false;
  reason: string;
}

export interface RowCounts {
  /** Rows in the table. */
  total: number;
  /** Rows with a usable target. */
  used: number;
  droppedMissingTarget: number;
  /** Target is a class the real table never had (classification only). */
  droppedUnseenTarget: number;
  /** Per class of `classes` (classification only). */
  classCounts?: number[];
}

export interface ModelUtility {
  label: string;
  spec: LearnerSpec;
  /** 'model': the learner was fitted on synthetic data; 'constant': synthetic had one class, so TSTR uses that class with probability 1. */
  syntheticFit: 'model' | 'constant';
  /** Per metric: the model trained on real, scored on the holdout (no baseline: it is the reference of tstr). */
  trtr: Record<string, Measure>;
  /** Per metric: trained on synthetic, scored on the holdout; baseline kind 'real' = this model's TRTR score and interval. */
  tstr: Record<string, Measure>;
  /**
   * TSTR / TRTR per metric (for lower-is-better metrics a ratio above 1 means worse); interval from paired replicates;
   * baseline kind 'real' with value 1 (TRTR / TRTR: no loss), better in the metric's own direction.
   */
  ratio: Record<string, Measure>;
}

export interface RankingResult {
  primaryMetric: MetricName;
  models: string[];
  trtr: (number | null)[];
  tstr: (number | null)[];
  /** Average ranks, 1 = best (highest score). */
  rankTrtr: (number | null)[];
  rankTstr: (number | null)[];
  spearman: Measure;
  kendallTauB: Measure;
  /** Synthetic ranking agreement: share of model pairs ordered the same strict way. */
  sra: Measure;
  /** Model pairs with equal TRTR (resp. TSTR) primary scores; they never count as agreeing in SRA. */
  tiedPairs: { trtr: number; tstr: number; total: number };
}

export interface FeatureImportanceEntry {
  name: string;
  real: number | null;
  synthetic: number | null;
}

export interface FeatureImportanceResult {
  model: string;
  metric: MetricName;
  repeats: number;
  rows: number;
  baseScore: { real: number | null; synthetic: number | null };
  /** Per feature, in domain order: drop in primary score when it is shuffled. */
  features: FeatureImportanceEntry[];
  /** Agreement of the two importance orders (better 'higher', no interval, no baseline). */
  spearman: Measure;
  kendallTauB: Measure;
  topReal: string[];
  topSynthetic: string[];
  /** |topReal ∩ topSynthetic| / k. */
  topOverlap: number;
}

export interface UtilityResult {
  task: 'classification' | 'regression';
  target: string;
  /** Real-table classes (index = class code); null for regression. */
  classes: string[] | null;
  /** Positive class of the binary AUC (classes[1]); null otherwise. */
  positiveClass: string | null;
  primaryMetric: MetricName;
  metrics: MetricName[];
  higherIsBetter: Record<string, boolean>;
  rows: { real: RowCounts; holdout: RowCounts; synthetic: RowCounts };
  /** Plain-sentence verdicts about degenerate inputs (empty when none). */
  verdicts: string[];
  bootstrap: { replicates: number; confidence: number; method: 'percentile'; resampled: 'holdout rows' };
  /**
   * Constant predictor from the real table (class prior / mean): the floor every model should beat. Its scores are
   * measures without a baseline of their own (they are the chance reference).
   */
  baseline: { description: string; scores: Record<string, Measure> };
  models: ModelUtility[];
  ranking: RankingResult;
  featureImportance: FeatureImportanceResult | NotApplicable;
  inferential: InferentialResult | NotApplicable;
  conventions: Record<string, string>;
}

const DEFAULTS = { bootstrap: 200, confidence: 0.95, importanceRepeats: 2, importanceRows: 4000, topFeatures: 5 };

function readOptions(ctx: AuditContext, opts?: UtilityOptions): Required<Omit<UtilityOptions, 'models' | 'importanceModel' | 'targetAbsent' | 'inferentialC'>> & UtilityOptions {
  const o: UtilityOptions = { ...(ctx.options?.utility ?? {}), ...(opts ?? {}) };
  checkUtilityOptions(o as Record<string, unknown>);
  return {
    ...o,
    bootstrap: o.bootstrap ?? DEFAULTS.bootstrap,
    confidence: o.confidence ?? DEFAULTS.confidence,
    importanceRepeats: o.importanceRepeats ?? DEFAULTS.importanceRepeats,
    importanceRows: o.importanceRows ?? DEFAULTS.importanceRows,
    topFeatures: o.topFeatures ?? DEFAULTS.topFeatures,
  };
}

/** A fitted predictor: a learner, or the constant class predictor used when synthetic has a single class. */
interface Fitted {
  predict(X: Design): Float64Array;
}

function constantClassifier(cls: number, nClasses: number): Fitted {
  return {
    predict(X: Design) {
      const o = new Float64Array(X.n * nClasses);
      for (let i = 0; i < X.n; i++) o[i * nClasses + cls] = 1;
      return o;
    },
  };
}

function priorPredictor(split: TargetSplit, info: TargetInfo): Fitted {
  if (info.kind === 'classification') {
    const C = info.classes.length;
    const counts = split.classCounts!;
    const total = counts.reduce((a, b) => a + b, 0);
    const prior = counts.map((c) => c / total);
    return {
      predict(X: Design) {
        const o = new Float64Array(X.n * C);
        for (let i = 0; i < X.n; i++) for (let k = 0; k < C; k++) o[i * C + k] = prior[k];
        return o;
      },
    };
  }
  const y = (split.target as { y: Float64Array }).y;
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  return { predict: (X: Design) => new Float64Array(X.n).fill(m) };
}

function toPredictions(target: Target, out: Float64Array): Predictions {
  return target.kind === 'classification' ? prepareClassPredictions(target.y, out, target.nClasses) : prepareRegPredictions(target.y, out);
}

function rowCounts(total: number, s: TargetSplit): RowCounts {
  const r: RowCounts = { total, used: s.enc.n, droppedMissingTarget: s.droppedMissing, droppedUnseenTarget: s.droppedUnseen };
  if (s.classCounts) r.classCounts = s.classCounts.slice();
  return r;
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

export function utility(ctx: AuditContext, opts?: UtilityOptions): UtilityResult | Skipped {
  const o = readOptions(ctx, opts);
  const info = resolveTarget(ctx);
  if (isSkipped(info)) return info;
  const task = info.kind;
  const metrics: MetricName[] = task === 'classification' ? [...CLASSIFICATION_METRICS] : [...REGRESSION_METRICS];
  const primary: MetricName = task === 'classification' ? 'rocAuc' : 'r2';
  const verdicts: string[] = [];

  const realS = splitTarget(ctx.real, info);
  const holdS = splitTarget(ctx.holdout, info);
  const synS = splitTarget(ctx.synthetic, info);
  const rows = { real: rowCounts(ctx.real.n, realS), holdout: rowCounts(ctx.holdout.n, holdS), synthetic: rowCounts(ctx.synthetic.n, synS) };
  const tname = `target "${info.name}"`;
  for (const [role, s] of [['real', realS], ['holdout', holdS], ['synthetic', synS]] as const) {
    if (s.droppedMissing) verdicts.push(`${role}: ${s.droppedMissing} row(s) with a missing ${tname} were dropped`);
    if (s.droppedUnseen) verdicts.push(`${role}: ${s.droppedUnseen} row(s) whose ${tname} is a class the real table never had were dropped`);
  }
  if (realS.enc.n === 0) throw new UserError(`every row of the real table has a missing target`, { file: ctx.real.name, column: info.name });
  if (holdS.enc.n === 0) return skip(`every holdout row has a missing or unknown ${tname}: nothing to score on`);
  if (synS.enc.n === 0) return skip(`every synthetic row has a missing or unknown ${tname}: no model can be trained on it`);

  let singleSynthClass: number | null = null;
  if (info.kind === 'classification') {
    const cc = synS.classCounts!;
    const present = cc.map((c, k) => (c > 0 ? k : -1)).filter((k) => k >= 0);
    const missing = cc.map((c, k) => (c === 0 ? info.classes[k] : null)).filter((x): x is string => x !== null);
    if (present.length === 1) {
      singleSynthClass = present[0];
      verdicts.push(
        `synthetic ${tname} has a single class ("${info.classes[present[0]]}"): no classifier can be trained on it, so every TSTR score is that of predicting "${info.classes[present[0]]}" with probability 1 (AUC 0.5)`,
      );
    } else if (missing.length) {
      verdicts.push(`synthetic ${tname} lacks class(es) ${missing.map((m) => `"${m}"`).join(', ')} of the real table: synthetic-trained models can never predict them`);
    }
    const hc = holdS.classCounts!;
    if (hc.filter((c) => c > 0).length < 2) verdicts.push(`holdout ${tname} has a single class: ROC AUC is undefined (null)`);
  }

  const models = o.models ?? defaultZoo(task);
  validateModels(models, task);
  const labels = models.map((m) => learnerLabel(m));

  // missing indicators where a numeric feature has missing cells in a table the models are fitted on (real or synthetic),
  // the same layout for every design so that each fitted model predicts on any of them
  const indicators = missingIndicatorColumns([realS.enc, synS.enc], info.features);
  const Xr = designFrom(realS.enc, info.features, indicators);
  const Xh = designFrom(holdS.enc, info.features, indicators);
  const Xs = designFrom(synS.enc, info.features, indicators);
  const rng = ctx.rng.fork('utility');

  // fit each model on real and on synthetic with the SAME seed stream, so identical data gives identical models
  const task1 = ctx.progress.task('utility: fitting models', models.length * 2);
  const fittedReal: Fitted[] = [];
  const fittedSyn: Fitted[] = [];
  for (let m = 0; m < models.length; m++) {
    const label = `model:${labels[m]}`;
    fittedReal.push(makeLearner(models[m], rng.fork(label)).fit(Xr, realS.target) as Learner);
    task1.tick();
    if (singleSynthClass !== null) fittedSyn.push(constantClassifier(singleSynthClass, (realS.target as { nClasses: number }).nClasses));
    else fittedSyn.push(makeLearner(models[m], rng.fork(label)).fit(Xs, synS.target) as Learner);
    task1.tick();
  }
  task1.done();

  // predictions once; every bootstrap replicate re-weights holdout rows
  const taskP = ctx.progress.task('utility: predictions');
  const predReal = fittedReal.map((f) => toPredictions(holdS.target, f.predict(Xh)));
  const predSyn = fittedSyn.map((f) => toPredictions(holdS.target, f.predict(Xh)));
  const predBase = toPredictions(holdS.target, priorPredictor(realS, info).predict(Xh));
  taskP.done();
  const K = models.length;
  const point = {
    real: predReal.map((p) => scoreAll(p)),
    syn: predSyn.map((p) => scoreAll(p)),
    base: scoreAll(predBase),
  };
  const B = o.bootstrap;
  const task2 = ctx.progress.task('utility: bootstrap', B);
  const reps = bootstrapReplicates(holdS.enc.n, B, rng.fork('bootstrap'), (w) => {
    const r = { real: predReal.map((p) => scoreAll(p, w)), syn: predSyn.map((p) => scoreAll(p, w)), base: scoreAll(predBase, w) };
    task2.tick();
    return r;
  });
  task2.done();

  const undefinedReason = (metric: MetricName) =>
    metric === 'rocAuc' ? 'undefined: the holdout has a single class' : metric === 'r2' ? 'undefined: the holdout target is constant' : 'undefined on this holdout';
  const betterOf = (metric: MetricName): Better => (HIGHER_IS_BETTER[metric] ? 'higher' : 'lower');
  const est = (v: number | null | undefined, rv: (number | null | undefined)[], metric: MetricName, base?: (k: MetricName) => Baseline): Measure =>
    makeEstimate(v ?? null, rv.map((x) => x ?? null), o.confidence, betterOf(metric), { reason: undefinedReason(metric), baseline: base?.(metric) });
  const ratioOf = (a: number | null | undefined, b: number | null | undefined, metric: MetricName): number | null => {
    if (a == null || b == null) return null;
    if (metric === 'r2' ? !(b > 0) : b === 0) return null;
    return a / b;
  };
  const scoreRecord = (pt: ScoreSet, rep: (b: number) => ScoreSet, base?: (k: MetricName) => Baseline): Record<string, Measure> => {
    const out: Record<string, Measure> = {};
    for (const k of metrics) out[k] = est(pt[k], reps.map((_, b) => rep(b)[k]), k, base);
    return out;
  };

  const modelResults: ModelUtility[] = models.map((spec, m) => {
    const ratio: Record<string, Measure> = {};
    for (const k of metrics) {
      const v = ratioOf(point.syn[m][k], point.real[m][k], k);
      const reason = point.real[m][k] == null || point.syn[m][k] == null ? undefinedReason(k) : k === 'r2' ? 'undefined: TRTR R^2 is not positive' : 'undefined: TRTR score is 0';
      ratio[k] = makeEstimate(v, reps.map((r) => ratioOf(r.syn[m][k], r.real[m][k], k)), o.confidence, betterOf(k), { reason, baseline: baseline('real', 1) });
    }
    const trtr = scoreRecord(point.real[m], (b) => reps[b].real[m]);
    return {
      label: labels[m],
      spec,
      syntheticFit: singleSynthClass === null ? 'model' : 'constant',
      trtr,
      tstr: scoreRecord(point.syn[m], (b) => reps[b].syn[m], (k) => baseline('real', trtr[k].value, trtr[k].interval)),
      ratio,
    };
  });

  // ranking agreement on the primary score, paired bootstrap over the same holdout replicates
  const prim = (ss: ScoreSet[]) => ss.map((s) => s[primary] ?? null);
  const A = prim(point.real);
  const Bv = prim(point.syn);
  const stat = (a: (number | null)[], b: (number | null)[], f: (x: number[], y: number[]) => MaybeNumber): MaybeNumber =>
    a.some((x) => x === null) || b.some((x) => x === null) ? { value: null, reason: `a model's ${primary} is undefined on this holdout` } : f(a as number[], b as number[]);
  const rankStat = (f: (x: number[], y: number[]) => MaybeNumber): Measure => {
    const p = stat(A, Bv, f);
    return makeEstimate(p.value, reps.map((r) => stat(prim(r.real), prim(r.syn), f).value), o.confidence, 'higher', { reason: p.reason });
  };
  const pc = A.some((x) => x === null) || Bv.some((x) => x === null) ? null : pairCounts(A as number[], Bv as number[]);
  const ranking: RankingResult = {
    primaryMetric: primary,
    models: labels,
    trtr: A,
    tstr: Bv,
    rankTrtr: descendingRanks(A),
    rankTstr: descendingRanks(Bv),
    spearman: rankStat(spearmanRho),
    kendallTauB: rankStat(kendallTauB),
    sra: rankStat(rankingAgreement),
    tiedPairs: pc ? { trtr: pc.tiedA + pc.tiedBoth, tstr: pc.tiedB + pc.tiedBoth, total: pc.pairs } : { trtr: 0, tstr: 0, total: (K * (K - 1)) / 2 },
  };

  // permutation importance of one model trained on real and on synthetic, on the same shuffles of the holdout
  let featureImportance: FeatureImportanceResult | NotApplicable;
  {
    const m = pickImportanceModel(models, labels, o.importanceModel);
    const capped = capRows(Xh, holdS.target, o.importanceRows, rng.fork('importance.rows'));
    const scorer = (f: Fitted) => (X: Design) => primaryScore(toPredictions(capped.target, f.predict(X)));
    const names = info.features.map((j) => ctx.domain.columns[j].name);
    const refs = designColumns(capped.X, names);
    const task3 = ctx.progress.task('utility: permutation importance');
    const { base, importance } = permutationImportance([scorer(fittedReal[m]), scorer(fittedSyn[m])], capped.X, refs, o.importanceRepeats, rng.fork('importance'));
    task3.done();
    const entries: FeatureImportanceEntry[] = refs.map((r, f) => ({ name: r.name, real: importance[0][f], synthetic: importance[1][f] }));
    if (base[0] === null) {
      featureImportance = { applicable: false, reason: `the ${primary} of the importance model is undefined on this holdout` };
    } else {
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
      featureImportance = {
        model: labels[m],
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
    }
  }

  // inferential utility: logistic coefficients with standard errors on real and on synthetic
  let inferential: InferentialResult | NotApplicable;
  const task4 = ctx.progress.task('utility: inferential');
  if (info.kind !== 'classification') inferential = { applicable: false, reason: 'regression target: coefficient-overlap utility is computed for logistic models only (binary classification, or one-vs-rest for the majority class)' };
  else if (singleSynthClass !== null) inferential = { applicable: false, reason: `synthetic ${tname} has a single class: no logistic model can be fitted on it` };
  else inferential = inferentialUtility(Xr, realS.target as Extract<Target, { kind: 'classification' }>, Xs, synS.target as Extract<Target, { kind: 'classification' }>, info.classes, { C: o.inferentialC, confidence: o.confidence });
  task4.done();

  return {
    task,
    target: info.name,
    classes: info.kind === 'classification' ? info.classes : null,
    positiveClass: info.kind === 'classification' && info.classes.length === 2 ? info.classes[1] : null,
    primaryMetric: primary,
    metrics,
    higherIsBetter: Object.fromEntries(metrics.map((k) => [k, HIGHER_IS_BETTER[k]])),
    rows,
    verdicts,
    bootstrap: { replicates: B, confidence: o.confidence, method: 'percentile', resampled: 'holdout rows' },
    baseline: {
      description: task === 'classification' ? 'constant prediction of the real class shares' : 'constant prediction of the real mean',
      scores: scoreRecord(point.base, (b) => reps[b].base),
    },
    models: modelResults,
    ranking,
    featureImportance,
    inferential,
    conventions: {
      primaryMetric: task === 'classification' ? 'ROC AUC (binary: positive class = classes[1]; multiclass: one-vs-rest macro over classes with positives and negatives in the holdout)' : 'R^2 = 1 - SS_res/SS_tot on the holdout',
      logLoss: `mean of -log(p of the true class), p clipped to [${LOGLOSS_EPS}, 1]`,
      macroF1: 'mean F1 over classes present in the holdout truth or the predictions (sklearn default)',
      balancedAccuracy: 'mean recall over classes present in the holdout truth',
      ratio: 'TSTR / TRTR per model and metric; for log-loss, MAE and RMSE (lower is better) a ratio above 1 means synthetic-trained models are worse; null when TRTR is 0 (or R^2 <= 0)',
      bootstrap: 'holdout rows resampled with replacement; predictions fixed, metrics recomputed per replicate; percentile intervals; all models share each replicate (paired). The intervals cover holdout sampling only, not the randomness of the training data: another synthetic sample from the same generator can move TSTR by more than the interval',
      ties: 'Spearman rho uses average ranks (Pearson on ranks); Kendall tau-b corrects for ties; SRA counts a pair tied on either side as not agreeing (Jordon et al. 2018 strict inequality)',
      ranks: 'rank 1 = best primary score; ties share their average rank',
      importance: `permutation importance = primary score on the holdout minus the mean primary score with that feature shuffled (same shuffles for both models; a seeded subsample of at most ${o.importanceRows} holdout rows)`,
      inferential: 'logistic regression fitted on real and on synthetic (unpenalised maximum likelihood with reference coding unless utility.inferentialC is set; multiclass: one-vs-rest for the real majority class); Wald intervals estimate +- z se; Karr et al. (2006) overlap J = 1/2 [(U - L)/(U_R - L_R) + (U - L)/(U_S - L_S)], raw (negative when apart) and clipped at 0; the mean is over coefficients estimated in both fits',
      missingFeatures: 'a numeric feature is standardised with the real statistics and a missing cell is set to the real mean (0); every numeric feature with a missing cell in the real or the synthetic training table also gets a 0/1 missing-indicator feature "<column> (missing)" (same layout for all fits and predictions); missing is a category of a categorical feature. Permutation importance shuffles the column itself, not its indicator',
      missingTarget: 'rows whose target is missing, or a class the real table never had, are dropped from that table and counted in rows',
      seeds: 'models fitted on real and on synthetic use the same seed stream per model, so identical data gives identical models',
    },
  };
}
