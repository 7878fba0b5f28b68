// The fidelity section: 1-way and 2-way TVD, smoothed KL, JS and Hellinger, Cramér's V (plain and Bergsma), KS and
// W1, Pearson/Spearman, pMSE (Snoke et al. 2018), category and range coverage and fit-for-purpose checks, each beside
// its holdout floor (docs/definitions.md#fidelity).
// fidelity() resolves the options and runs the metric families of families.ts (FIDELITY_METRICS) in order; the types
// of the result, the options and the conventions live here.

import type { AuditContext } from '../../src/context.js';
import { UserError } from '../../src/errors.js';
import { knownHint } from '../../src/suggest.js';
import { pairLayout } from './counts.js';
import type { Skipped } from '../../src/skipped.js';
import type { Measure as AnyMeasure } from '../../src/measure.js';

/** Every fidelity number is a measure beside its holdout floor. */
export type FidelityMeasure = AnyMeasure<'holdout'>;
type Measure = FidelityMeasure;
import type { ConstraintCheck } from './constraints.js';
import type { OutOfRangeCheck, UnseenCategoryCheck } from './checks.js';
import type { PmseOptions, PmseSection } from './pmse.js';
import type { SummaryItem } from './measures.js';
import type { CoverageSection } from './coverage.js';
import { FidelityRun, runFamilies, type FidelitySettings } from './families.js';

export * from './counts.js';
export * from './divergence.js';
export * from './cramer.js';
export * from './numeric.js';
export * from './constraints.js';
export * from './checks.js';
export * from './stats.js';
export * from './pmse.js';
export * from './pmse-tree.js';
export * from './coverage.js';
export { distanceMeasure, floorOf, type Interval, type SummaryItem } from './measures.js';
export { FIDELITY_METRICS, FidelityRun, runFamilies, type FidelityMetric, type FidelityParts, type FidelitySettings, type PairCut } from './families.js';

export interface FidelityOptions {
  /** Bootstrap replicates for the 1-way TVD intervals; 0 turns them off. Default 50. */
  bootstrap?: number;
  /** Bootstrap replicates for the pair metrics (2-way TVD, Cramér's V differences): a pass over every row and pair each. Default 20. */
  bootstrapPairs?: number;
  /** Interval level. Default 0.95. */
  ciLevel?: number;
  /** Additive smoothing per cell for KL. Default 0.5. */
  klAlpha?: number;
  /** How many worst pairs to list. Default 10. */
  worstPairs?: number;
  /** User constraints, e.g. 'age >= 0', 'relationship == "Husband" -> sex == "Male"'. */
  constraints?: string[];
  /** Example rows per check. Default 5. */
  maxExamples?: number;
  /** pMSE options, or false to leave pMSE out. */
  pmse?: PmseOptions | false;
  /** Include the full d x d Cramér's V matrices. Default true. */
  matrices?: boolean;
  /**
   * Above this many columns (or numeric columns, for the correlations) the per-pair outputs are summarised so that
   * results.json grows linearly, not with the square of the column count: pairs.list keeps the `pairsKept` pairs
   * with the largest synthetic 2-way TVD, and each matrix keeps the columns of the worst pairs (at most
   * `matrixColumnsKept`). Every mean, maximum and worst-pair list is still over all pairs. Default 60.
   */
  maxMatrixColumns?: number;
  /** Pairs kept in pairs.list when summarised. Default 100. */
  pairsKept?: number;
  /** Columns kept in each matrix when summarised. Default 20. */
  matrixColumnsKept?: number;
}

/** Default of FidelityOptions.maxMatrixColumns. */
export const MAX_MATRIX_COLUMNS = 60;

/** What was cut from the per-pair outputs of a wide table (FidelityResult.summarised). */
export interface PairSummarising {
  /** Analysed columns, and the column count above which the cut applies. */
  columns: number;
  limit: number;
  /** Pairs in pairs.list, of all pairs. */
  pairsListed: number;
  pairsTotal: number;
  /** Columns kept in the Cramér's V matrices (those of the worst pairs), of all columns. */
  matrixColumns: number;
  note: string;
}

export interface ColumnFidelity {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Cells compared: the domain's codes (levels or bins, missing, unseen). */
  cells: number;
  tvd: Measure;
  kl: Measure;
  js: Measure;
  hellinger: Measure;
  /** Mean 2-way TVD over the pairs that involve this column. */
  pairTvdMean: Measure;
  /** Numeric columns only, on raw values (missing dropped). */
  ks?: Measure;
  wasserstein?: Measure;
  /** Counts per domain code (labels aligned), for distribution charts: real, synthetic, holdout. */
  counts?: { labels: string[]; real: number[]; synthetic: number[]; holdout: number[] };
}

export interface PairFidelity {
  a: string;
  b: string;
  tvd: Measure;
  kl: Measure;
  js: Measure;
  hellinger: Measure;
  /** Cramér's V on real, synthetic, holdout (null where undefined). */
  v: { real: number | null; synthetic: number | null; holdout: number | null };
  vCorrected: { real: number | null; synthetic: number | null; holdout: number | null };
}

/** One of the worst pairs by 2-way TVD: the pair's measure (value always finite) with the column names beside it. */
export type WorstPair = Measure & { value: number; a: string; b: string };

export interface DiffSummary {
  /** Mean |X_syn - X_real| over pairs where both are defined; floor uses holdout in place of synthetic. */
  meanAbsDiff: Measure;
  maxAbsDiff: Measure;
  /** Pairs excluded because a value is undefined on one side. */
  undefinedPairs: number;
  worst: { a: string; b: string; real: number; synthetic: number; holdout: number | null; diff: number }[];
}

/** d x d matrices (diagonal null); diff = synthetic - real, floorDiff = holdout - real. */
export type VMatrices = Record<'real' | 'synthetic' | 'holdout' | 'diff' | 'floorDiff', (number | null)[][]>;

export interface CorrelationSection {
  /** Numeric columns, in domain order. */
  columns: string[];
  /** Row-major matrices (null where undefined). */
  real: (number | null)[][];
  synthetic: (number | null)[][];
  holdout: (number | null)[][];
  /** synthetic - real and holdout - real (the floor), element-wise. */
  diffMatrix: (number | null)[][];
  floorDiffMatrix: (number | null)[][];
  diff: DiffSummary;
  /** Set when the matrices keep only some columns (more numeric columns than maxMatrixColumns): says which and why. */
  summarised?: string;
}

export interface FidelityResult {
  conventions: Record<string, string>;
  settings: { bootstrap: number; bootstrapPairs: number; ciLevel: number; klAlpha: number; worstPairs: number };
  rows: { real: number; synthetic: number; holdout: number };
  columns: ColumnFidelity[];
  /** Mean and max of the per-column 1-way TVD, each with its holdout floor and intervals. */
  marginals: { tvd: { mean: Measure; max: Measure } };
  pairs: {
    count: number;
    tvd: { mean: Measure; max: Measure; worst: WorstPair[] };
    kl: { mean: Measure; max: Measure };
    js: { mean: Measure; max: Measure };
    hellinger: { mean: Measure; max: Measure };
    list: PairFidelity[];
  };
  cramersV: {
    uncorrected: DiffSummary;
    corrected: DiffSummary;
    /** Full matrices over all columns (diagonal null), when settings allow. */
    matrices?: { columns: string[]; uncorrected: VMatrices; corrected: VMatrices };
  };
  numeric: {
    columns: string[];
    ks: { mean: Measure; max: Measure };
    wasserstein: { mean: Measure; max: Measure };
    pearson: CorrelationSection | null;
    spearman: CorrelationSection | null;
  };
  pmse: PmseSection | Skipped;
  checks: {
    outOfRange: OutOfRangeCheck[];
    unseenCategories: UnseenCategoryCheck[];
    constraints: ConstraintCheck[];
  };
  /**
   * Category coverage (categorical columns) and range coverage (numeric columns), each beside the holdout's, and their
   * mean. Absent in a results file converted from version 1 (which has no synthetic min and max to compute it from).
   */
  coverage?: CoverageSection;
  summary: { overall: SummaryItem[]; perColumn: { column: string; items: SummaryItem[] }[] };
  /** Present when the table had more columns than maxMatrixColumns: what pairs.list and the matrices keep. */
  summarised?: PairSummarising;
}

export const FIDELITY_CONVENTIONS: Record<string, string> = {
  tvd: 'TVD = 1/2 sum |p - q| over the Domain codes (categorical levels, numeric quantile bins of the real table, missing as its own level, unseen as its own level); 0 = identical. SDMetrics reports 1 - TVD (TVComplement) and drops missing first: we do neither.',
  pairTvd: '2-way TVD = the same over every cell of a column pair\'s contingency table of codes (= 1 - SDMetrics ContingencySimilarity on the same codes).',
  kl: 'KL = D(real || synthetic) in nats (floor: D(real || holdout)); SDMetrics uses the other direction, D(synthetic || real), and reports 1/(1+KL). Smoothing on a common scale: the proportions of both tables get the same pseudo-probability alpha / n_min in every domain cell (1-way: all codes of the column; 2-way: all code pairs) and are renormalised, p~ = (c/n + alpha/n_min) / (1 + k alpha/n_min), n_min = the row count of the smaller table, alpha = settings.klAlpha (default 0.5): alpha pseudo-counts per cell at the size of the smaller table (for tables of equal size: alpha added to the count of every cell); identical proportions give exactly 0 whatever the sizes.',
  js: 'Jensen-Shannon distance = sqrt(JSD), log base 2, in [0, 1]; no smoothing.',
  hellinger: 'Hellinger = sqrt(1 - sum sqrt(p q)), in [0, 1]; no smoothing.',
  cramersV: "Cramér's V over the levels that occur in that table (all-zero rows/columns dropped before r, k); codes as cells (missing is a level). Corrected = Bergsma (2013). diff = V(synthetic) - V(real); floor = V(holdout) - V(real); pairs where V is undefined (< 2 occurring levels; for the corrected V also min(k~ - 1, r~ - 1) <= 0, i.e. every level of one side occurs once) are left out of means.",
  numeric: 'KS = sup |F_real - F_syn| and W1 = integral |F_real - F_syn| dx / (real max - real min), on raw values with missing cells dropped.',
  correlation: 'Pearson and Spearman (average ranks for ties) over numeric columns, pairwise-complete (rows missing either value dropped, the rest re-ranked).',
  bootstrap: 'Bootstrap replicates (settings.bootstrap for 1-way TVD, settings.bootstrapPairs for 2-way TVD and Cramér differences), each resampling the rows of real, synthetic and holdout with replacement (seeded, rng.fork("fidelity.bootstrap")); the interval of a measure uses the (real, synthetic) replicates, its baseline.interval the (real, holdout) ones. Intervals are bias-shifted percentile intervals: value + (replicate percentiles - replicate mean), clipped to [0, 1]. (Distance replicates sit above the observed value because resampling adds noise; the shift keeps their spread but centres it on the value.) Read the interval as the range the statistic would take on a redraw of tables of the same sizes, not as an interval for a population distance (which is 0 for a perfect generator).',
  floor: 'floor = the same metric with the holdout in place of the synthetic table (each measure\'s baseline, kind holdout): what sampling noise alone gives for a fresh sample of the population of the holdout size.',
  coverage: 'Category coverage (categorical column) = share of the real table\'s categories (missing is not one) present in the synthetic table; range coverage (numeric column) = length of [real min, real max] ∩ [syn min, syn max] / (real max - real min), in [0, 1] (= SDMetrics\' RangeCoverage: 1 - max((syn min - real min)/range, 0) - max((real max - syn max)/range, 0), clipped at 0), on present values; null for a constant real column; 0 when the synthetic column has no present value. Higher is better; the baseline is the holdout\'s coverage (a fresh sample also misses rare categories and extremes). mean = over the columns where defined.',
  checks: 'Out-of-range = synthetic numeric cell < real min or > real max; unseen = synthetic category the real table never had; constraints violated = evaluates to false (missing cells make a comparison unknown, counted apart). Rows are 1-based data rows of the synthetic file.',
};

// Every fidelity and pMSE option key; the type checks fail to compile when an option is added to the interfaces but not here.
export const FIDELITY_KEYS = ['bootstrap', 'bootstrapPairs', 'ciLevel', 'klAlpha', 'worstPairs', 'constraints', 'maxExamples', 'pmse', 'matrices', 'maxMatrixColumns', 'pairsKept', 'matrixColumnsKept'] as const;
export const PMSE_KEYS = ['permutations', 'folds', 'minLeaf', 'maxDepth', 'maxLeafNodes', 'logisticAuc', 'logistic', 'tree'] as const;
type Exhaustive<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : false;
const fidelityKeysComplete: Exhaustive<(typeof FIDELITY_KEYS)[number], keyof FidelityOptions> = true;
const pmseKeysComplete: Exhaustive<(typeof PMSE_KEYS)[number], keyof PmseOptions> = true;
void [fidelityKeysComplete, pmseKeysComplete];

/** Check options (from a config file or the library): unknown keys, types and ranges; a bad one is a one-line UserError naming it. */
export function checkFidelityOptions(o: FidelityOptions): void {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new UserError(`fidelity options must be a mapping of option names to values (got ${JSON.stringify(o)})`);
  for (const k of Object.keys(o)) {
    if (!(FIDELITY_KEYS as readonly string[]).includes(k)) throw new UserError(`unknown fidelity option "${k}"${knownHint(k, FIDELITY_KEYS)}`);
  }
  const bad = (name: string, want: string, got: unknown) => {
    throw new UserError(`fidelity option "${name}" must be ${want} (got ${JSON.stringify(got)})`);
  };
  const bool = (name: string, v: unknown) => {
    if (v !== undefined && typeof v !== 'boolean') bad(name, 'true or false', v);
  };
  bool('matrices', o.matrices);
  const intAtLeast = (name: string, v: unknown, min: number) => {
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= min)) bad(name, `an integer >= ${min}`, v);
  };
  intAtLeast('bootstrap', o.bootstrap, 0);
  intAtLeast('bootstrapPairs', o.bootstrapPairs, 0);
  intAtLeast('worstPairs', o.worstPairs, 0);
  intAtLeast('maxExamples', o.maxExamples, 0);
  intAtLeast('maxMatrixColumns', o.maxMatrixColumns, 2);
  intAtLeast('pairsKept', o.pairsKept, 0);
  intAtLeast('matrixColumnsKept', o.matrixColumnsKept, 2);
  if (o.ciLevel !== undefined && !(typeof o.ciLevel === 'number' && o.ciLevel > 0 && o.ciLevel < 1)) bad('ciLevel', 'a number in (0, 1)', o.ciLevel);
  if (o.klAlpha !== undefined && !(typeof o.klAlpha === 'number' && o.klAlpha >= 0 && Number.isFinite(o.klAlpha))) bad('klAlpha', 'a number >= 0', o.klAlpha);
  if (o.constraints !== undefined && !(Array.isArray(o.constraints) && o.constraints.every((c) => typeof c === 'string'))) bad('constraints', 'a list of strings', o.constraints);
  if (o.pmse !== undefined && o.pmse !== false) {
    if (typeof o.pmse !== 'object' || o.pmse === null || Array.isArray(o.pmse)) bad('pmse', 'false or an object of pMSE options', o.pmse);
    const p = o.pmse as PmseOptions;
    for (const k of Object.keys(p)) {
      if (!(PMSE_KEYS as readonly string[]).includes(k)) throw new UserError(`unknown fidelity option "pmse.${k}"${knownHint(k, PMSE_KEYS)}`);
    }
    bool('pmse.logisticAuc', p.logisticAuc);
    bool('pmse.logistic', p.logistic);
    bool('pmse.tree', p.tree);
    intAtLeast('pmse.permutations', p.permutations, 20);
    intAtLeast('pmse.folds', p.folds, 2);
    intAtLeast('pmse.minLeaf', p.minLeaf, 1);
    intAtLeast('pmse.maxDepth', p.maxDepth, 1);
    intAtLeast('pmse.maxLeafNodes', p.maxLeafNodes, 0);
  }
}

/** The fidelity section over ctx.real / ctx.synthetic / ctx.holdout (all on the shared Domain codes): every family of FIDELITY_METRICS in order. */
export function fidelity(ctx: AuditContext, opts: FidelityOptions = {}): FidelityResult {
  const o: FidelityOptions = { ...(ctx.options?.fidelity ?? {}), ...opts };
  checkFidelityOptions(o);
  const settings: FidelitySettings = {
    B: o.bootstrap ?? 50,
    B2: o.bootstrapPairs ?? 20,
    level: o.ciLevel ?? 0.95,
    alpha: o.klAlpha ?? 0.5,
    worstN: o.worstPairs ?? 10,
    matrixLimit: o.maxMatrixColumns ?? MAX_MATRIX_COLUMNS,
    matrixKeep: o.matrixColumnsKept ?? 20,
    pairsKept: o.pairsKept ?? 100,
    maxEx: o.maxExamples ?? 5,
  };
  const run = new FidelityRun(ctx, o, settings, pairLayout(ctx.domain.columns.map((c) => c.nCodes)));
  const parts = runFamilies(run);
  const { d, m, s } = run;
  // ---- wide tables: per-pair outputs summarised (see FidelityOptions.maxMatrixColumns)
  const cut = run.cut();
  const summarised: PairSummarising | undefined = cut.wide
    ? {
        columns: d,
        limit: s.matrixLimit,
        pairsListed: parts.pairs.list.length,
        pairsTotal: m,
        matrixColumns: cut.matrixColumns.length,
        note: `${d} columns > ${s.matrixLimit}: pairs.list keeps the ${parts.pairs.list.length} of ${m} pairs with the largest synthetic 2-way TVD (in pair order) and the Cramér's V matrices the ${cut.matrixColumns.length} columns of the pairs whose corrected V changed most, so that results.json grows linearly with the column count; every mean, maximum and worst-pair list is over all ${m} pairs`,
      }
    : undefined;
  return {
    conventions: FIDELITY_CONVENTIONS,
    settings: { bootstrap: s.B, bootstrapPairs: s.B2, ciLevel: s.level, klAlpha: s.alpha, worstPairs: s.worstN },
    rows: { real: run.R.n, synthetic: run.S.n, holdout: run.H.n },
    columns: parts.columns,
    marginals: parts.marginals,
    pairs: parts.pairs,
    cramersV: parts.cramersV,
    numeric: parts.numeric,
    pmse: parts.pmse,
    checks: parts.checks,
    coverage: parts.coverage,
    summary: parts.summary,
    ...(summarised ? { summarised } : {}),
  };
}
