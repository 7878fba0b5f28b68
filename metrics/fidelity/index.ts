// The fidelity section: 1-way and 2-way TVD, smoothed KL, JS and Hellinger, Cramér's V (plain and Bergsma), KS and
// W1, Pearson/Spearman, pMSE (Snoke et al. 2018) and fit-for-purpose checks, each beside its holdout floor (docs/definitions.md#fidelity).

import type { AuditContext } from '../../src/context.js';
import { UserError } from '../../src/errors.js';
import { knownHint } from '../../src/suggest.js';
import type { Encoded } from '../../src/domain.js';
import { jointCodes, marginalCounts, marginalsFromPairs, pairCounts, pairCountsJoint, pairLayout, type PairLayout } from './counts.js';
import { bootstrapWeights } from '../../src/stats.js';
import { skip, type Skipped } from '../../src/skipped.js';
import { baseline, measure, type Better, type Measure } from '../../src/measure.js';
import { hellinger, jsDistance, klSmoothed, tvd } from './divergence.js';
import { cramersV } from './cramer.js';
import { correlationMatrix, ksAndW1Sorted, sortedPresent } from './numeric.js';
import { checkConstraints, type ConstraintCheck } from './constraints.js';
import { outOfRangeChecks, unseenCategoryChecks, type OutOfRangeCheck, type UnseenCategoryCheck } from './checks.js';
import { column, finite, maxFinite, meanFinite, shiftedInterval } from './stats.js';
import { pmseSection, type PmseOptions, type PmseSection } from './pmse.js';

export * from './counts.js';
export * from './divergence.js';
export * from './cramer.js';
export * from './numeric.js';
export * from './constraints.js';
export * from './checks.js';
export * from './stats.js';
export * from './pmse.js';
export * from './pmse-tree.js';

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

/** Interval: [lo, hi] from the bootstrap, or null when not computed (internal; a Measure leaves a null interval out). */
export type Interval = [number, number] | null;

/**
 * A synthetic-vs-real distance as a results-v2 Measure: better 'lower', the bootstrap interval when computed, and the
 * holdout floor as baseline {kind 'holdout', value, interval} (value null when the floor is undefined).
 */
export function distanceMeasure(value: number | null, floor: number | null, ci?: Interval, floorCi?: Interval): Measure {
  return measure(value, 'lower', { interval: ci, baseline: baseline('holdout', floor, floorCi) });
}

/** The holdout floor of a fidelity measure (its baseline value), null when absent. */
export function floorOf(m: Measure): number | null {
  return m.baseline?.value ?? null;
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

/**
 * A headline measure with its name and a one-line text. better: 'lower' for distances; 'closer' (to the holdout
 * baseline) for the pMSE ratios (null expectation 1) and detection AUCs (0.5).
 */
export type SummaryItem = Measure & { metric: string; text: string };

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
  checks: 'Out-of-range = synthetic numeric cell < real min or > real max; unseen = synthetic category the real table never had; constraints violated = evaluates to false (missing cells make a comparison unknown, counted apart). Rows are 1-based data rows of the synthetic file.',
};

/** Matrix over the columns idx (all columns when idx lists 0..d-1), diagonal null; f takes column indices a < b. */
function matrixOf(idx: number[], f: (a: number, b: number) => number | null): (number | null)[][] {
  return idx.map((a) => idx.map((b) => (a === b ? null : f(Math.min(a, b), Math.max(a, b)))));
}

/** Up to `cap` column indices taken from the given pairs (worst first), in ascending order. */
function columnsOfPairs(pairs: [number, number][], cap: number): number[] {
  const keep: number[] = [];
  for (const [a, b] of pairs) {
    for (const j of [a, b]) if (keep.length < cap && !keep.includes(j)) keep.push(j);
    if (keep.length >= cap) break;
  }
  return keep.sort((x, y) => x - y);
}

/** Pair index of (a, b), a < b, in pairLayout order. */
function pairIndex(d: number, a: number, b: number): number {
  return a * d - (a * (a + 1)) / 2 + (b - a - 1);
}

interface CountSet {
  marg: Float64Array[];
  pair: Float64Array;
}

function countsOf(e: Encoded, layout: PairLayout, nCodes: number[], w?: Int32Array): CountSet {
  return { marg: e.codes.map((c, j) => marginalCounts(c, nCodes[j], w)), pair: pairCounts(e.codes, layout, w) };
}

function fmt(x: number | null): string {
  if (x === null) return 'n/a';
  const a = Math.abs(x);
  if (a !== 0 && a < 0.001) return x.toExponential(1);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(3);
}

function item(metric: string, c: Measure, better: Better, floorLabel = 'holdout floor'): SummaryItem {
  const ci = c.interval;
  const floorCi = c.baseline?.interval;
  let text = `${metric} ${fmt(c.value)}`;
  if (ci) text += ` [${fmt(ci[0])}, ${fmt(ci[1])}]`;
  text += ` (${floorLabel} ${fmt(floorOf(c))}${floorCi ? ` [${fmt(floorCi[0])}, ${fmt(floorCi[1])}]` : ''})`;
  return measure(c.value, better, { interval: ci, baseline: c.baseline }, { metric, text });
}

/** Per-pair |X_s - X_r| summary for Cramér's V or correlations. */
function diffSummary(names: [string, string][], real: Float64Array, syn: Float64Array, hold: Float64Array, worstN: number, ciMean: Interval = null, ciFloorMean: Interval = null, ciMax: Interval = null, ciFloorMax: Interval = null): DiffSummary {
  const m = names.length;
  const ds = new Float64Array(m);
  const dh = new Float64Array(m);
  let undef = 0;
  for (let p = 0; p < m; p++) {
    ds[p] = Math.abs(syn[p] - real[p]);
    dh[p] = Math.abs(hold[p] - real[p]);
    if (!Number.isFinite(ds[p])) undef++;
  }
  const order = [...Array(m).keys()].filter((p) => Number.isFinite(ds[p])).sort((x, y) => ds[y] - ds[x] || x - y);
  return {
    meanAbsDiff: distanceMeasure(finite(meanFinite(ds)), finite(meanFinite(dh)), ciMean, ciFloorMean),
    maxAbsDiff: distanceMeasure(finite(maxFinite(ds)), finite(maxFinite(dh)), ciMax, ciFloorMax),
    undefinedPairs: undef,
    worst: order.slice(0, worstN).map((p) => ({ a: names[p][0], b: names[p][1], real: real[p], synthetic: syn[p], holdout: finite(hold[p]), diff: syn[p] - real[p] })),
  };
}

/** Mean and max of |V_x - V_r| over pairs, skipping undefined. */
function meanMaxAbs(x: Float64Array, r: Float64Array): [number, number] {
  let s = 0;
  let m = 0;
  let mx = NaN;
  for (let p = 0; p < x.length; p++) {
    const d = Math.abs(x[p] - r[p]);
    if (!Number.isFinite(d)) continue;
    s += d;
    m++;
    if (!(d <= mx)) mx = d;
  }
  return [m ? s / m : NaN, mx];
}

function cramerAll(counts: Float64Array, layout: PairLayout): { v: Float64Array; vc: Float64Array } {
  const m = layout.a.length;
  const v = new Float64Array(m);
  const vc = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    const c = cramersV(counts, layout.r[p], layout.k[p], layout.offset[p]);
    v[p] = c.v ?? NaN;
    vc[p] = c.vCorrected ?? NaN;
  }
  return { v, vc };
}

function pairTvds(x: Float64Array, r: Float64Array, layout: PairLayout): Float64Array {
  const m = layout.a.length;
  const o = new Float64Array(m);
  for (let p = 0; p < m; p++) o[p] = tvd(r, x, layout.offset[p], layout.r[p] * layout.k[p]);
  return o;
}

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

/** The fidelity section over ctx.real / ctx.synthetic / ctx.holdout (all on the shared Domain codes). */
export function fidelity(ctx: AuditContext, opts: FidelityOptions = {}): FidelityResult {
  const o: FidelityOptions = { ...(ctx.options?.fidelity ?? {}), ...opts };
  checkFidelityOptions(o);
  const B = o.bootstrap ?? 50;
  const B2 = o.bootstrapPairs ?? 20;
  const level = o.ciLevel ?? 0.95;
  const alpha = o.klAlpha ?? 0.5;
  const worstN = o.worstPairs ?? 10;
  const matrixLimit = o.maxMatrixColumns ?? MAX_MATRIX_COLUMNS;
  const matrixKeep = o.matrixColumnsKept ?? 20;
  const pairsKept = o.pairsKept ?? 100;
  const maxEx = o.maxExamples ?? 5;
  const { domain, real: R, synthetic: S, holdout: H } = ctx;
  const cols = domain.columns;
  const d = cols.length;
  const names = cols.map((c) => c.name);
  const nCodes = cols.map((c) => c.nCodes);
  const layout = pairLayout(nCodes);
  const m = layout.a.length;
  const pairNames: [string, string][] = [];
  for (let p = 0; p < m; p++) pairNames.push([names[layout.a[p]], names[layout.b[p]]]);

  const task = ctx.progress.task('fidelity: counts and distances');
  const cR = countsOf(R, layout, nCodes);
  const cS = countsOf(S, layout, nCodes);
  const cH = countsOf(H, layout, nCodes);

  // ---- point values
  const tvd1S = new Float64Array(d);
  const tvd1H = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    tvd1S[j] = tvd(cR.marg[j], cS.marg[j]);
    tvd1H[j] = tvd(cR.marg[j], cH.marg[j]);
  }
  const tvd2S = pairTvds(cS.pair, cR.pair, layout);
  const tvd2H = pairTvds(cH.pair, cR.pair, layout);
  const vR = cramerAll(cR.pair, layout);
  const vS = cramerAll(cS.pair, layout);
  const vH = cramerAll(cH.pair, layout);
  task.done();

  // ---- bootstrap (count-based metrics)
  const boot1S = new Float64Array(B * d);
  const boot1H = new Float64Array(B * d);
  const boot2S = new Float64Array(B2 * m);
  const boot2H = new Float64Array(B2 * m);
  const bootVS = new Float64Array(B2 * 2); // mean |dV|, max |dV| (uncorrected)
  const bootVH = new Float64Array(B2 * 2);
  const bootVcS = new Float64Array(B2 * 2);
  const bootVcH = new Float64Array(B2 * 2);
  if (B > 0 || B2 > 0) {
    const rng = ctx.rng.fork('fidelity.bootstrap');
    const bt = ctx.progress.task('fidelity: bootstrap', Math.max(B, B2));
    const jR = B2 > 0 ? jointCodes(R.codes, layout) : [];
    const jS = B2 > 0 ? jointCodes(S.codes, layout) : [];
    const jH = B2 > 0 ? jointCodes(H.codes, layout) : [];
    const resample = (e: Encoded, j: (Uint16Array | Int32Array)[], withPairs: boolean): CountSet => {
      const w = bootstrapWeights(e.n, rng);
      if (!withPairs || d < 2) return { marg: e.codes.map((c, k) => marginalCounts(c, nCodes[k], w)), pair: withPairs ? pairCountsJoint(j, layout, w) : new Float64Array(0) };
      const pair = pairCountsJoint(j, layout, w);
      return { marg: marginalsFromPairs(pair, layout, d), pair };
    };
    for (let b = 0; b < Math.max(B, B2); b++) {
      const wp = b < B2;
      const r = resample(R, jR, wp);
      const s = resample(S, jS, wp);
      const h = resample(H, jH, wp);
      if (b < B) {
        for (let j = 0; j < d; j++) {
          boot1S[b * d + j] = tvd(r.marg[j], s.marg[j]);
          boot1H[b * d + j] = tvd(r.marg[j], h.marg[j]);
        }
      }
      if (!wp) {
        bt.tick();
        continue;
      }
      boot2S.set(pairTvds(s.pair, r.pair, layout), b * m);
      boot2H.set(pairTvds(h.pair, r.pair, layout), b * m);
      const vr = cramerAll(r.pair, layout);
      const vs = cramerAll(s.pair, layout);
      const vh = cramerAll(h.pair, layout);
      bootVS.set(meanMaxAbs(vs.v, vr.v), 2 * b);
      bootVH.set(meanMaxAbs(vh.v, vr.v), 2 * b);
      bootVcS.set(meanMaxAbs(vs.vc, vr.vc), 2 * b);
      bootVcH.set(meanMaxAbs(vh.vc, vr.vc), 2 * b);
      bt.tick();
    }
    bt.done();
  }
  // every metric given an interval (TVDs, |ΔV| with V in [0, 1]) lies in [0, 1]: intervals are clipped to it
  const ci = (reps: Float64Array, value: number): Interval => (reps.length > 0 ? shiftedInterval(reps, value, level, 0, 1) : null);
  const withCi = (value: number, floor: number, reps: Float64Array | null, floorReps: Float64Array | null): Measure =>
    reps && floorReps && reps.length > 0 ? distanceMeasure(finite(value), finite(floor), ci(reps, value), ci(floorReps, floor)) : distanceMeasure(finite(value), finite(floor));
  // per-replicate reductions
  const repReduce = (reps: Float64Array, width: number, f: (row: Float64Array) => number): Float64Array => {
    const nb = width > 0 ? reps.length / width : 0;
    const out = new Float64Array(nb);
    for (let b = 0; b < nb; b++) out[b] = f(reps.subarray(b * width, (b + 1) * width));
    return out;
  };

  // ---- per pair
  const klS2 = new Float64Array(m);
  const klH2 = new Float64Array(m);
  const jsS2 = new Float64Array(m);
  const jsH2 = new Float64Array(m);
  const heS2 = new Float64Array(m);
  const heH2 = new Float64Array(m);
  const list: PairFidelity[] = [];
  for (let p = 0; p < m; p++) {
    const off = layout.offset[p];
    const size = layout.r[p] * layout.k[p];
    klS2[p] = klSmoothed(cR.pair, cS.pair, alpha, off, size);
    klH2[p] = klSmoothed(cR.pair, cH.pair, alpha, off, size);
    jsS2[p] = jsDistance(cR.pair, cS.pair, off, size);
    jsH2[p] = jsDistance(cR.pair, cH.pair, off, size);
    heS2[p] = hellinger(cR.pair, cS.pair, off, size);
    heH2[p] = hellinger(cR.pair, cH.pair, off, size);
    list.push({
      a: pairNames[p][0],
      b: pairNames[p][1],
      tvd: withCi(tvd2S[p], tvd2H[p], B2 > 0 ? column(boot2S, m, p) : null, B2 > 0 ? column(boot2H, m, p) : null),
      kl: distanceMeasure(finite(klS2[p]), finite(klH2[p])),
      js: distanceMeasure(finite(jsS2[p]), finite(jsH2[p])),
      hellinger: distanceMeasure(finite(heS2[p]), finite(heH2[p])),
      v: { real: finite(vR.v[p]), synthetic: finite(vS.v[p]), holdout: finite(vH.v[p]) },
      vCorrected: { real: finite(vR.vc[p]), synthetic: finite(vS.vc[p]), holdout: finite(vH.vc[p]) },
    });
  }
  const worstPairs: WorstPair[] = [...Array(m).keys()]
    .filter((p) => Number.isFinite(tvd2S[p]))
    .sort((x, y) => tvd2S[y] - tvd2S[x] || x - y)
    .slice(0, worstN)
    .map((p) => ({ ...measure(tvd2S[p], 'lower', { interval: B2 > 0 ? ci(column(boot2S, m, p), tvd2S[p]) : null, baseline: baseline('holdout', finite(tvd2H[p])) }), value: tvd2S[p], a: pairNames[p][0], b: pairNames[p][1] }));

  // ---- numeric columns
  const numIdx = cols.map((c, j) => (c.kind === 'numeric' ? j : -1)).filter((j) => j >= 0);
  const ksS = new Map<number, number>();
  const ksH = new Map<number, number>();
  const w1S = new Map<number, number>();
  const w1H = new Map<number, number>();
  for (const j of numIdx) {
    const cd = cols[j];
    if (cd.kind !== 'numeric') continue;
    const r = sortedPresent(R.values[j]!);
    const s = ksAndW1Sorted(r, sortedPresent(S.values[j]!));
    const h = ksAndW1Sorted(r, sortedPresent(H.values[j]!));
    ksS.set(j, s.ks);
    ksH.set(j, h.ks);
    w1S.set(j, s.w1 / cd.range);
    w1H.set(j, h.w1 / cd.range);
  }
  const correlation = (method: 'pearson' | 'spearman'): CorrelationSection | null => {
    const k = numIdx.length;
    if (k < 2) return null;
    const mr = correlationMatrix(numIdx.map((j) => R.values[j]!), method);
    const ms = correlationMatrix(numIdx.map((j) => S.values[j]!), method);
    const mh = correlationMatrix(numIdx.map((j) => H.values[j]!), method);
    const pn: [string, string][] = [];
    const pr: number[] = [];
    const ps: number[] = [];
    const ph: number[] = [];
    for (let a = 0; a < k; a++)
      for (let b = a + 1; b < k; b++) {
        pn.push([names[numIdx[a]], names[numIdx[b]]]);
        pr.push(mr[a * k + b]);
        ps.push(ms[a * k + b]);
        ph.push(mh[a * k + b]);
      }
    const diff = diffSummary(pn, Float64Array.from(pr), Float64Array.from(ps), Float64Array.from(ph), worstN);
    // a wide table keeps the columns of the most-changed pairs (results.json stays linear in the column count)
    let keep = [...Array(k).keys()];
    if (k > matrixLimit) {
      const at = new Map(numIdx.map((j, a) => [names[j], a]));
      const byChange = pn.map((_nm, p) => ({ p, x: Math.abs(ps[p] - pr[p]) })).filter((e) => Number.isFinite(e.x)).sort((u, v) => v.x - u.x || u.p - v.p);
      keep = columnsOfPairs(byChange.map((e) => [at.get(pn[e.p][0])!, at.get(pn[e.p][1])!]), matrixKeep);
    }
    const toRows = (x: Float64Array) => keep.map((a) => keep.map((b) => finite(x[a * k + b])));
    return {
      columns: keep.map((a) => names[numIdx[a]]),
      real: toRows(mr),
      synthetic: toRows(ms),
      holdout: toRows(mh),
      diffMatrix: toRows(ms.map((v, i) => v - mr[i])),
      floorDiffMatrix: toRows(mh.map((v, i) => v - mr[i])),
      diff,
      ...(k > matrixLimit ? { summarised: `${k} numeric columns > ${matrixLimit}: the matrices keep the ${keep.length} columns of the pairs whose correlation changed most; the diff summary is over all ${pn.length} pairs` } : {}),
    };
  };
  const pearsonSec = correlation('pearson');
  const spearmanSec = correlation('spearman');

  // ---- per column
  const pairsOf = (j: number) => [...Array(m).keys()].filter((p) => layout.a[p] === j || layout.b[p] === j);
  const columns: ColumnFidelity[] = cols.map((cd, j) => {
    const ps = pairsOf(j);
    const meanOver = (x: Float64Array) => meanFinite(ps.map((p) => x[p]));
    const c: ColumnFidelity = {
      name: cd.name,
      kind: cd.kind,
      cells: cd.nCodes,
      tvd: withCi(tvd1S[j], tvd1H[j], B > 0 ? column(boot1S, d, j) : null, B > 0 ? column(boot1H, d, j) : null),
      kl: distanceMeasure(finite(klSmoothed(cR.marg[j], cS.marg[j], alpha)), finite(klSmoothed(cR.marg[j], cH.marg[j], alpha))),
      js: distanceMeasure(finite(jsDistance(cR.marg[j], cS.marg[j])), finite(jsDistance(cR.marg[j], cH.marg[j]))),
      hellinger: distanceMeasure(finite(hellinger(cR.marg[j], cS.marg[j])), finite(hellinger(cR.marg[j], cH.marg[j]))),
      pairTvdMean: withCi(
        meanOver(tvd2S),
        meanOver(tvd2H),
        B2 > 0 ? repReduce(boot2S, m, (row) => meanFinite(ps.map((p) => row[p]))) : null,
        B2 > 0 ? repReduce(boot2H, m, (row) => meanFinite(ps.map((p) => row[p]))) : null,
      ),
    };
    // counts over the shared Domain codes (bins + missing for numeric; levels + missing + unseen for categorical)
    c.counts = { labels: cd.labels.slice(), real: Array.from(cR.marg[j]), synthetic: Array.from(cS.marg[j]), holdout: Array.from(cH.marg[j]) };
    if (cd.kind === 'numeric') {
      c.ks = distanceMeasure(finite(ksS.get(j)!), finite(ksH.get(j)!));
      c.wasserstein = distanceMeasure(finite(w1S.get(j)!), finite(w1H.get(j)!));
    }
    return c;
  });

  const mean1 = (x: Float64Array) => meanFinite(x);
  const tvdMean1 = withCi(mean1(tvd1S), mean1(tvd1H), B > 0 ? repReduce(boot1S, d, meanFinite) : null, B > 0 ? repReduce(boot1H, d, meanFinite) : null);
  const tvdMax1 = withCi(maxFinite(tvd1S), maxFinite(tvd1H), B > 0 ? repReduce(boot1S, d, maxFinite) : null, B > 0 ? repReduce(boot1H, d, maxFinite) : null);
  const tvdMean2 = withCi(meanFinite(tvd2S), meanFinite(tvd2H), B2 > 0 ? repReduce(boot2S, m, meanFinite) : null, B2 > 0 ? repReduce(boot2H, m, meanFinite) : null);
  const tvdMax2 = withCi(maxFinite(tvd2S), maxFinite(tvd2H), B2 > 0 ? repReduce(boot2S, m, maxFinite) : null, B2 > 0 ? repReduce(boot2H, m, maxFinite) : null);
  const pick = (reps: Float64Array, k: number) => repReduce(reps, 2, (row) => row[k]);
  const vDiff = (real: Float64Array, syn: Float64Array, hold: Float64Array, bs: Float64Array, bh: Float64Array) => {
    const [ms, xs] = meanMaxAbs(syn, real);
    const [mh, xh] = meanMaxAbs(hold, real);
    return diffSummary(pairNames, real, syn, hold, worstN, B2 > 0 ? ci(pick(bs, 0), ms) : null, B2 > 0 ? ci(pick(bh, 0), mh) : null, B2 > 0 ? ci(pick(bs, 1), xs) : null, B2 > 0 ? ci(pick(bh, 1), xh) : null);
  };
  const vU = vDiff(vR.v, vS.v, vH.v, bootVS, bootVH);
  const vC = vDiff(vR.vc, vS.vc, vH.vc, bootVcS, bootVcH);

  const ksVals = Float64Array.from(numIdx.map((j) => ksS.get(j)!));
  const ksFl = Float64Array.from(numIdx.map((j) => ksH.get(j)!));
  const w1Vals = Float64Array.from(numIdx.map((j) => w1S.get(j)!));
  const w1Fl = Float64Array.from(numIdx.map((j) => w1H.get(j)!));
  const mm = (x: Float64Array, y: Float64Array) => ({ mean: distanceMeasure(finite(meanFinite(x)), finite(meanFinite(y))), max: distanceMeasure(finite(maxFinite(x)), finite(maxFinite(y))) });

  // ---- pMSE
  let pmse: FidelityResult['pmse'];
  if (o.pmse === false) pmse = skip('turned off (options.fidelity.pmse = false)');
  else pmse = pmseSection(ctx, o.pmse ?? {});

  // ---- checks
  const checks = {
    outOfRange: outOfRangeChecks(S, H, maxEx),
    unseenCategories: unseenCategoryChecks(S, H, ctx.tables.synthetic, maxEx),
    constraints: checkConstraints(o.constraints ?? [], ctx.tables.synthetic, ctx.tables.real, maxEx),
  };

  // ---- summary
  const overall: SummaryItem[] = [
    item('mean 1-way TVD', tvdMean1, 'lower'),
    item('max 1-way TVD', tvdMax1, 'lower'),
    item('mean 2-way TVD', tvdMean2, 'lower'),
    item('max 2-way TVD', tvdMax2, 'lower'),
    item("mean |ΔCramér's V| (Bergsma)", vC.meanAbsDiff, 'lower'),
    item("max |ΔCramér's V| (Bergsma)", vC.maxAbsDiff, 'lower'),
    item('mean 1-way KL(real||syn)', distanceMeasure(finite(meanFinite(columns.map((c) => c.kl.value ?? NaN))), finite(meanFinite(columns.map((c) => floorOf(c.kl) ?? NaN)))), 'lower'),
    item('mean 2-way JS distance', distanceMeasure(finite(meanFinite(jsS2)), finite(meanFinite(jsH2))), 'lower'),
  ];
  if (numIdx.length) {
    overall.push(item('mean KS (numeric)', mm(ksVals, ksFl).mean, 'lower'));
    overall.push(item('mean W1/range (numeric)', mm(w1Vals, w1Fl).mean, 'lower'));
  }
  if (spearmanSec) overall.push(item('mean |ΔSpearman|', spearmanSec.diff.meanAbsDiff, 'lower'));
  if (!('skipped' in pmse)) overall.push(...pmse.summary);
  const perColumn = columns.map((c) => {
    const items = [item('1-way TVD', c.tvd, 'lower'), item('mean 2-way TVD with others', c.pairTvdMean, 'lower'), item('KL(real||syn)', c.kl, 'lower')];
    if (c.ks) items.push(item('KS', c.ks, 'lower'));
    if (c.wasserstein) items.push(item('W1/range', c.wasserstein, 'lower'));
    return { column: c.name, items };
  });

  const withMatrices = o.matrices ?? true;
  // ---- wide tables: per-pair outputs summarised (see FidelityOptions.maxMatrixColumns)
  const wide = d > matrixLimit;
  let listOut = list;
  let matIdx = [...Array(d).keys()];
  if (wide) {
    const byTvd = [...Array(m).keys()].sort((x, y) => (Number.isFinite(tvd2S[y]) ? tvd2S[y] : -1) - (Number.isFinite(tvd2S[x]) ? tvd2S[x] : -1) || x - y);
    listOut = byTvd.slice(0, pairsKept).sort((x, y) => x - y).map((p) => list[p]);
    const vc = [...Array(m).keys()].filter((p) => Number.isFinite(vS.vc[p] - vR.vc[p])).sort((x, y) => Math.abs(vS.vc[y] - vR.vc[y]) - Math.abs(vS.vc[x] - vR.vc[x]) || x - y);
    matIdx = columnsOfPairs([...vc, ...byTvd].map((p) => [layout.a[p], layout.b[p]]), matrixKeep);
  }
  const summarised: PairSummarising | undefined = wide
    ? {
        columns: d,
        limit: matrixLimit,
        pairsListed: listOut.length,
        pairsTotal: m,
        matrixColumns: matIdx.length,
        note: `${d} columns > ${matrixLimit}: pairs.list keeps the ${listOut.length} of ${m} pairs with the largest synthetic 2-way TVD (in pair order) and the Cramér's V matrices the ${matIdx.length} columns of the pairs whose corrected V changed most, so that results.json grows linearly with the column count; every mean, maximum and worst-pair list is over all ${m} pairs`,
      }
    : undefined;
  const mat = (x: Float64Array) => matrixOf(matIdx, (a, b) => finite(x[pairIndex(d, a, b)]));
  const vMats = (r: Float64Array, sy: Float64Array, h: Float64Array): VMatrices => ({
    real: mat(r),
    synthetic: mat(sy),
    holdout: mat(h),
    diff: mat(sy.map((v, i) => v - r[i])),
    floorDiff: mat(h.map((v, i) => v - r[i])),
  });
  return {
    conventions: FIDELITY_CONVENTIONS,
    settings: { bootstrap: B, bootstrapPairs: B2, ciLevel: level, klAlpha: alpha, worstPairs: worstN },
    rows: { real: R.n, synthetic: S.n, holdout: H.n },
    columns,
    marginals: { tvd: { mean: tvdMean1, max: tvdMax1 } },
    pairs: {
      count: m,
      tvd: { mean: tvdMean2, max: tvdMax2, worst: worstPairs },
      kl: mm(klS2, klH2),
      js: mm(jsS2, jsH2),
      hellinger: mm(heS2, heH2),
      list: listOut,
    },
    cramersV: {
      uncorrected: vU,
      corrected: vC,
      ...(withMatrices
        ? {
            matrices: {
              columns: matIdx.map((j) => names[j]),
              uncorrected: vMats(vR.v, vS.v, vH.v),
              corrected: vMats(vR.vc, vS.vc, vH.vc),
            },
          }
        : {}),
    },
    numeric: {
      columns: numIdx.map((j) => names[j]),
      ks: mm(ksVals, ksFl),
      wasserstein: mm(w1Vals, w1Fl),
      pearson: pearsonSec,
      spearman: spearmanSec,
    },
    pmse,
    checks,
    summary: { overall, perColumn },
    ...(summarised ? { summarised } : {}),
  };
}
