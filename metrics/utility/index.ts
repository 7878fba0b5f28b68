// Utility: TSTR beside TRTR per model of a zoo with holdout-bootstrap intervals, model-ranking agreement, permutation-importance
// agreement and logistic-coefficient CI overlap. Follows docs/definitions.md#utility: Jordon et al. 2018 (SRA), Karr et al. 2006 (overlap).

import type { AuditContext } from '../../src/context.js';
import type { Skipped } from '../../src/skipped.js';
import type { LearnerSpec } from '../../src/learners/index.js';
import { HIGHER_IS_BETTER, LOGLOSS_EPS, type MetricName } from '../../src/learners/scoring.js';
import type { Measure } from '../../src/measure.js';
import type { InferentialResult } from './inferential.js';
import { prepareUtility } from './run.js';
import { UTILITY_METRICS, type UtilityMetricName } from './metrics.js';

export { averageRanks, kendallTauB, rankingAgreement, spearmanRho, pearson, pairCounts } from './ranking.js';
export { ciOverlap, waldInterval } from './ci-overlap.js';
export { bootstrapReplicates, makeEstimate } from './bootstrap.js';
export { classificationScores, regressionScores, weightedAuc, sortScores, prepareClassPredictions, prepareRegPredictions, primaryScore } from '../../src/learners/scoring.js';
export { resolveTarget, splitTarget, isSkipped } from './target.js';
export { permutationImportance, permuteColumn, designColumns } from './importance.js';
export { inferentialUtility } from './inferential.js';
export { defaultZoo } from './zoo.js';
export { checkUtilityOptions, checkModelSpecs } from './options.js';
export { prepareUtility, type UtilityRun } from './run.js';
export { UTILITY_METRICS, type UtilityMetric, type UtilityMetricName } from './metrics.js';

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
  tstr: Record<string, Measure<'real'>>;
  /**
   * TSTR / TRTR per metric (for lower-is-better metrics a ratio above 1 means worse); interval from paired replicates;
   * baseline kind 'real' with value 1 (TRTR / TRTR: no loss), better in the metric's own direction.
   */
  ratio: Record<string, Measure<'real'>>;
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

export function utility(ctx: AuditContext, opts?: UtilityOptions): UtilityResult | Skipped {
  const run = prepareUtility(ctx, opts);
  if ('skipped' in run) return run;
  const { o, task, metrics } = run;
  // each metric fills its key of the result (UTILITY_METRICS names every key of UtilityMetricName once: test/metrics/utility/registry.test.ts)
  const parts = Object.fromEntries(UTILITY_METRICS.map((m) => [m.name, m.run(run)])) as Pick<UtilityResult, UtilityMetricName>;
  return {
    task,
    target: run.info.name,
    classes: run.info.kind === 'classification' ? run.info.classes : null,
    positiveClass: run.info.kind === 'classification' && run.info.classes.length === 2 ? run.info.classes[1] : null,
    primaryMetric: run.primary,
    metrics,
    higherIsBetter: Object.fromEntries(metrics.map((k) => [k, HIGHER_IS_BETTER[k]])),
    rows: run.rows,
    verdicts: run.verdicts,
    bootstrap: { replicates: o.bootstrap, confidence: o.confidence, method: 'percentile', resampled: 'holdout rows' },
    ...parts,
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
