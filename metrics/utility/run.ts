// The shared work of the utility section, done once before its metrics run (metrics/utility/metrics.ts): options, the
// target and its split of each table, the model zoo fitted on real and on synthetic with the same seed stream per model,
// holdout predictions, and the paired bootstrap replicates of every score over holdout rows.

import type { AuditContext } from '../../src/context.js';
import { skip, type Skipped } from '../../src/skipped.js';
import type { Rng } from '../../src/rng.js';
import { designFrom, missingIndicatorColumns, type Design, type Learner, type Target } from '../../src/learners/learner.js';
import { makeLearner, learnerLabel, type LearnerSpec } from '../../src/learners/index.js';
import { UserError } from '../../src/errors.js';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS, prepareClassPredictions, prepareRegPredictions, scoreAll, type MetricName, type Predictions, type ScoreSet } from '../../src/learners/scoring.js';
import { resolveTarget, splitTarget, isSkipped, type TargetInfo, type TargetSplit } from './target.js';
import { bootstrapReplicates } from './bootstrap.js';
import { defaultZoo, validateModels } from './zoo.js';
import { checkUtilityOptions } from './options.js';
import type { RowCounts, UtilityOptions } from './index.js';

const DEFAULTS = { bootstrap: 200, confidence: 0.95, importanceRepeats: 2, importanceRows: 4000, topFeatures: 5 };

export type ResolvedUtilityOptions = Required<Omit<UtilityOptions, 'models' | 'importanceModel' | 'targetAbsent' | 'inferentialC'>> & UtilityOptions;

function readOptions(ctx: AuditContext, opts?: UtilityOptions): ResolvedUtilityOptions {
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
export interface Fitted {
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

export function toPredictions(target: Target, out: Float64Array): Predictions {
  return target.kind === 'classification' ? prepareClassPredictions(target.y, out, target.nClasses) : prepareRegPredictions(target.y, out);
}

function rowCounts(total: number, s: TargetSplit): RowCounts {
  const r: RowCounts = { total, used: s.enc.n, droppedMissingTarget: s.droppedMissing, droppedUnseenTarget: s.droppedUnseen };
  if (s.classCounts) r.classCounts = s.classCounts.slice();
  return r;
}

/** Every score of one bootstrap replicate (or of the full holdout): per model trained on real, on synthetic, and the constant predictor. */
export interface ScorePoint {
  real: ScoreSet[];
  syn: ScoreSet[];
  base: ScoreSet;
}

/** What every utility metric reads: computed once per audit by prepareUtility. */
export interface UtilityRun {
  ctx: AuditContext;
  o: ResolvedUtilityOptions;
  info: TargetInfo;
  task: 'classification' | 'regression';
  /** The scores of the task, and the primary one (ranking, importance). */
  metrics: MetricName[];
  primary: MetricName;
  realS: TargetSplit;
  holdS: TargetSplit;
  synS: TargetSplit;
  rows: { real: RowCounts; holdout: RowCounts; synthetic: RowCounts };
  verdicts: string[];
  /** `target "<name>"`, for messages. */
  tname: string;
  /** Class code when the synthetic target has a single class (TSTR is then the constant prediction of it), else null. */
  singleSynthClass: number | null;
  models: LearnerSpec[];
  labels: string[];
  /** Designs of the real, holdout and synthetic tables (same layout). */
  Xr: Design;
  Xh: Design;
  Xs: Design;
  /** The section's stream, ctx.rng.fork('utility'); metrics fork their own named streams from it. */
  rng: Rng;
  fittedReal: Fitted[];
  fittedSyn: Fitted[];
  /** Scores on the full holdout, and per bootstrap replicate (all models paired on the same replicate). */
  point: ScorePoint;
  reps: ScorePoint[];
}

/** The shared work of the section, or the reason it cannot run. */
export function prepareUtility(ctx: AuditContext, opts?: UtilityOptions): UtilityRun | Skipped {
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
  return { ctx, o, info, task, metrics, primary, realS, holdS, synS, rows, verdicts, tname, singleSynthClass, models, labels, Xr, Xh, Xs, rng, fittedReal, fittedSyn, point, reps };
}
