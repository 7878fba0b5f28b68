// The reading guide shared by every renderer: which numbers of each section are headlines, what each means in plain
// language, which direction is better and what its floor (holdout baseline / ideal) is. Reads results; computes nothing.

import type { SectionName } from '../src/section-names.js';
import type { AuditResult } from './result.js';
import { valueAt, type MeasureReading } from '../src/results-path.js';
import { fmtNum, isObj, isSkipped, field } from './util.js';

export type SectionKey = SectionName;

export const SECTION_TITLES: Record<SectionKey | 'data' | 'meta' | 'verdict', string> = {
  verdict: 'Verdict',
  fidelity: 'Fidelity',
  utility: 'Utility',
  privacy: 'Privacy',
  data: 'Data',
  meta: 'Run',
};

export interface GuideEntry {
  section: SectionKey;
  /** results path (gate syntax) */
  path: string;
  label: string;
  /** what it means, which direction is better, what the floor is */
  meaning: string;
  /** a fixed reference value when the results carry none beside the number (e.g. AUC 0.5) */
  reference?: number;
  /** how to name the baseline, e.g. 'ideal' or 'holdout floor' */
  baselineLabel?: string;
  better?: 'lower' | 'higher';
  /** print as a percentage */
  pct?: boolean;
}

const MIA_MEANING = 'ROC AUC of an attacker guessing whether a row was in the training table (members) or the holdout (non-members). 0.5 = a coin toss; higher = training rows are recognisable. Lower is better.';

/**
 * Headline numbers at fixed paths, in reading order. A path absent from a given result is not shown, so a section
 * that skipped an attack simply shows fewer lines. (Fidelity and utility headlines are read from their own lists.)
 */
export const GUIDE: GuideEntry[] = [
  { section: 'fidelity', path: 'fidelity.pairs.tvd.mean', label: 'mean 2-way TVD', meaning: 'Average TVD over the joint distribution of every pair of columns (0 = identical). Lower is better; the holdout floor is what a fresh sample scores.', baselineLabel: 'holdout floor', better: 'lower' },
  { section: 'utility', path: 'utility.ranking.sra', label: 'Synthetic ranking agreement', meaning: 'Share of model pairs ranked in the same order when trained on real and on synthetic data (1 = same order, about 0.5 = unrelated). Higher is better.', better: 'higher' },
  { section: 'utility', path: 'utility.ranking.spearman', label: 'Spearman ρ of model scores', meaning: 'Rank correlation between the models\' real-trained and synthetic-trained holdout scores (1 = same order). Higher is better.', better: 'higher' },
  { section: 'privacy', path: 'privacy.distance.dcrShare', label: 'DCR share (closer to train than holdout)', meaning: 'Share of synthetic rows whose nearest real row is a training row rather than a holdout row. At the ideal the generator is no closer to its training rows than to fresh data; above it, it sits near the rows it saw. Lower is better down to the ideal.', baselineLabel: 'ideal', better: 'lower', pct: true },
  { section: 'privacy', path: 'privacy.distance.dcrShareBalanced', label: 'DCR share, train subsampled to holdout size', meaning: 'The same share with equal-size train and holdout, so the ideal is 50%. Lower is better down to 50%.', baselineLabel: 'ideal', better: 'lower', pct: true },
  { section: 'privacy', path: 'privacy.distance.exactCopies.train', label: 'Synthetic rows that copy a training row', meaning: 'Share of synthetic rows identical (on the audit encoding) to a training row. Its baseline is the same rate for the holdout (holdout rows identical to a training row): the duplicates natural to the population.', baselineLabel: 'holdout rate', better: 'lower', pct: true },
  { section: 'privacy', path: 'privacy.distance.exactCopies.holdout', label: 'Synthetic rows that copy a holdout row (control)', meaning: 'The same rate for rows the generator never saw; its baseline is the share of training rows identical to a holdout row.', baselineLabel: 'train rate', pct: true },
  { section: 'privacy', path: 'privacy.distance.mia.auc', label: 'Distance MIA AUC', meaning: MIA_MEANING + ' Score: closeness to the nearest synthetic row.', baselineLabel: 'coin', better: 'lower' },
  { section: 'privacy', path: 'privacy.domias.auc', label: 'DOMIAS AUC', meaning: MIA_MEANING + ' Score: synthetic density over population density (van Breugel et al. 2023).', baselineLabel: 'coin', better: 'lower' },
  { section: 'privacy', path: 'privacy.shadowMia.summary.maxAuc', label: 'Shadow-model MIA, worst target AUC', meaning: 'An attacker who knows the generator trains on shadow datasets to tell whether one chosen record was in training. 0.5 = no information about the record. Lower is better.', reference: 0.5, baselineLabel: 'coin', better: 'lower' },
  { section: 'privacy', path: 'privacy.shadowMia.summary.worstEpsilonLb', label: 'Empirical ε lower bound (worst target)', meaning: 'A statistical lower bound on the differential-privacy ε the release can have, from the best attack (Jagielski et al. 2020). It must stay below any claimed ε; 0 = nothing certified.', better: 'lower' },
  { section: 'privacy', path: 'privacy.inference.risk.clipped', label: 'Attribute-inference risk (nearest neighbour)', meaning: 'How much better an attacker guesses a secret column of training rows than of holdout rows from the synthetic data (Anonymeter): 0 = no more than for people not in the data, 1 = always. Lower is better.', better: 'lower' },
  { section: 'privacy', path: 'privacy.modelInference.risk.clipped', label: 'Attribute-inference risk (model)', meaning: 'The same risk for a classifier trained on the synthetic data to predict the secret. Lower is better.', better: 'lower' },
  { section: 'privacy', path: 'privacy.singlingOut.univariate.risk.clipped', label: 'Singling-out risk (one column)', meaning: 'Risk that a predicate read off the synthetic data isolates exactly one training row, beyond the same rate on holdout rows. Lower is better.', better: 'lower' },
  { section: 'privacy', path: 'privacy.singlingOut.multivariate.risk.clipped', label: 'Singling-out risk (several columns)', meaning: 'The same with conjunctions of several columns. Lower is better.', better: 'lower' },
  { section: 'privacy', path: 'privacy.linkability.risk.clipped', label: 'Linkability risk', meaning: 'Risk that two halves of a training row\'s columns are linked through the synthetic data, beyond the holdout rate. Lower is better.', better: 'lower' },
  { section: 'privacy', path: 'privacy.qiMatch.train', label: 'Training rows whose quasi-identifiers appear in the synthetic data', meaning: 'Share of training rows (members) whose quasi-identifier values occur exactly in some synthetic row; its baseline is the same share for holdout rows (people the generator never saw). A member rate above the holdout rate lets an attacker who knows someone\'s quasi-identifiers guess they were in the training data. Lower is better down to the holdout rate.', baselineLabel: 'holdout rate', better: 'lower', pct: true },
  { section: 'privacy', path: 'privacy.shadowAia.summary.meanAccuracy', label: 'Shadow-model attribute inference accuracy', meaning: 'How often an attacker who knows the generator guesses the secret of a target record; compare with the prior-guess baseline. Lower is better.', better: 'lower', pct: true },
];

/** Plain-language reading of each fidelity summary metric (matched on the metric name). */
export const FIDELITY_MEANINGS: [RegExp, string][] = [
  [/^mean 1-way tvd/i, 'Average over columns of the total variation distance between the real and synthetic distribution of each column (0 = identical, 1 = no overlap). Lower is better; the holdout floor is what a fresh sample of the population scores.'],
  [/^max 1-way tvd/i, 'TVD of the worst column. Lower is better; compare with the holdout floor.'],
  [/^mean 2-way tvd/i, 'Average TVD over the joint distribution of every pair of columns: sees lost associations that 1-way TVD cannot. Lower is better; compare with the holdout floor.'],
  [/^max 2-way tvd/i, 'TVD of the worst pair of columns. Lower is better.'],
  [/cram[eé]r/i, "How much the strength of association between pairs of columns changed (|V(synthetic) − V(real)|, Cramér's V in [0, 1]). Lower is better; the floor is the change a fresh sample shows."],
  [/\bkl\b/i, 'Smoothed KL divergence of synthetic from real, per column, in nats (0 = identical, no upper bound). Lower is better.'],
  [/\bjs\b|jensen/i, 'Jensen–Shannon distance over pairs of columns, in [0, 1]. Lower is better.'],
  [/\bks\b/i, 'Largest gap between the real and synthetic cumulative distributions of numeric columns, in [0, 1]. Lower is better.'],
  [/w1|wasserstein/i, "Earth mover's distance between real and synthetic numeric values, as a share of the real column's range. Lower is better."],
  [/spearman|pearson|correlation/i, 'Average change in correlation between pairs of numeric columns. Lower is better; compare with the floor.'],
  [/pmse/i, 'Propensity mean squared error: how well a classifier tells synthetic rows from real ones. A ratio near 1 means no better than chance; higher means distinguishable.'],
];

export function fidelityMeaning(metric: string, better?: string): string {
  for (const [re, text] of FIDELITY_MEANINGS) if (re.test(metric)) return text;
  if (better === 'lower') return 'Lower is better; compare with the holdout floor.';
  if (better === 'higher') return 'Higher is better; compare with the holdout floor.';
  if (better === 'closer') return 'Closer to the holdout floor is better (what a fresh sample gives).';
  return 'Compare with the holdout floor.';
}

/** Look up the guide entry for a results path (exact, then ignoring list selectors and bounds). */
export function guideFor(path: string): GuideEntry | undefined {
  const norm = (p: string) => p.replace(/\[[^\]]*\]/g, '').replace(/\.(upper|lower|hi|lo|value|clipped)$/, '');
  return GUIDE.find((g) => g.path === path) ?? GUIDE.find((g) => norm(g.path) === norm(path));
}

/** Plain-language meaning of a rule's path: the guide's line, a fidelity metric's line, or nothing. */
export function meaningOf(path: string): string | undefined {
  const g = guideFor(path);
  if (g) return g.meaning;
  const m = /summary\.overall\[metric=([^\]]+)\]/.exec(path);
  if (m) return fidelityMeaning(m[1]);
  if (/tvd/i.test(path)) return 'Total variation distance between real and synthetic distributions (0 = identical). Lower is better.';
  if (/auc/i.test(path) && /privacy/.test(path)) return MIA_MEANING;
  return undefined;
}

export interface Headline {
  section: SectionKey;
  path: string;
  label: string;
  value: number | null;
  /** preformatted value (e.g. a percentage) */
  text?: string;
  interval?: [number, number];
  /** preformatted interval, in the value's unit */
  intervalText?: string;
  baseline?: number;
  baselineText?: string;
  meaning: string;
  reason?: string;
  /** a visual cue only (the policy judges): the value lies beyond its floor's own interval */
  flag?: 'warn';
}

function fmtVal(x: number, pct?: boolean): string {
  return pct ? `${(x * 100).toFixed(1)}%` : fmtNum(x);
}

function makeHeadline(section: SectionKey, path: string, label: string, m: MeasureReading, meaning: string, opts: { pct?: boolean; baselineLabel?: string; reference?: number; better?: 'lower' | 'higher'; floorCi?: unknown } = {}): Headline {
  const h: Headline = { section, path, label, value: m.value, meaning };
  if (m.value !== null) h.text = fmtVal(m.value, opts.pct);
  if (m.interval) {
    h.interval = m.interval;
    h.intervalText = `[${fmtVal(m.interval[0], opts.pct)}, ${fmtVal(m.interval[1], opts.pct)}]`;
  }
  if (m.reason) h.reason = m.reason;
  const base = m.baseline ?? opts.reference;
  if (base !== undefined) {
    h.baseline = base;
    h.baselineText = `${opts.baselineLabel ?? 'baseline'} ${fmtVal(base, opts.pct)}`;
  }
  const fc = opts.floorCi;
  if (m.value !== null && Array.isArray(fc) && fc.length === 2 && typeof fc[0] === 'number' && typeof fc[1] === 'number') {
    if ((opts.better === 'lower' && m.value > fc[1]) || (opts.better === 'higher' && m.value < fc[0])) h.flag = 'warn';
  }
  return h;
}

const UTILITY_METRIC_NAMES: Record<string, string> = { accuracy: 'accuracy', balancedAccuracy: 'balanced accuracy', macroF1: 'macro F1', rocAuc: 'ROC AUC', logLoss: 'log loss', r2: 'R²', mae: 'MAE', rmse: 'RMSE' };

export function utilityMetricName(m: string): string {
  return UTILITY_METRIC_NAMES[m] ?? m;
}

/** The headline numbers of one section that this result carries. */
export function headlines(result: AuditResult, section: SectionKey): Headline[] {
  // read loosely (results.json parsed by a matcher may be odd): unknown, narrowed field by field
  const sec: unknown = result[section];
  if (!isObj(sec) || isSkipped(sec)) return [];
  const out: Headline[] = [];
  const overall = field(sec.summary, 'overall');
  if (section === 'fidelity' && Array.isArray(overall)) {
    // the fidelity section lists its own headline items, each with value, floor and intervals
    for (const it of overall) {
      if (!isObj(it) || typeof it.metric !== 'string') continue;
      const v = valueAt({ x: it }, 'x');
      if (!v.found || !v.measure) continue;
      const better = it.better === 'lower' || it.better === 'higher' ? it.better : undefined;
      out.push(makeHeadline(section, `fidelity.summary.overall[metric=${it.metric}]`, it.metric, v.measure, fidelityMeaning(it.metric, typeof it.better === 'string' ? it.better : undefined), { baselineLabel: 'holdout floor', better, floorCi: field(it.baseline, 'interval') }));
    }
    return out;
  }
  if (section === 'utility' && Array.isArray(sec.models)) {
    const metric = String(sec.primaryMetric ?? '');
    const higher = field(sec.higherIsBetter, metric) !== false;
    let first = true;
    for (const m of sec.models) {
      const ratio = isObj(m) ? field(m.ratio, metric) : undefined;
      if (!isObj(m) || ratio === undefined) continue;
      const v = valueAt({ x: ratio }, 'x');
      if (!v.found || !v.measure) continue;
      out.push(
        makeHeadline(section, `utility.models[label=${m.label}].ratio.${metric}`, `TSTR / TRTR, ${m.label}`, v.measure, first ? `${utilityMetricName(metric)} of the model trained on synthetic divided by the one trained on real, both scored on the holdout. 1 = no loss; ${higher ? 'below 1 = the synthetic data loses predictive signal' : 'above 1 = worse when trained on synthetic'}.` : 'As above, for this model.', { reference: 1, baselineLabel: 'no loss' }),
      );
      first = false;
    }
  }
  for (const g of GUIDE) {
    if (g.section !== section) continue;
    let pv;
    try {
      pv = valueAt(result, g.path);
    } catch {
      continue;
    }
    if (!pv.found || !pv.measure) continue;
    out.push(makeHeadline(section, g.path, g.label, pv.measure, g.meaning, { pct: g.pct, baselineLabel: g.baselineLabel, reference: g.reference, better: g.better }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Accessors shared by the HTML report and the vitest matchers (they read; they do not compute metrics).


/** The first of several candidate paths that resolves to a measure (section layouts may name a number differently). */
export function firstMeasure(result: unknown, paths: string[]): { path: string; measure: MeasureReading } | undefined {
  for (const p of paths) {
    try {
      const v = valueAt(result, p);
      if (v.found && v.measure) return { path: p, measure: v.measure };
    } catch {
      /* malformed candidate: skip */
    }
  }
  return undefined;
}

export const MEAN_1WAY_TVD_PATHS = ['fidelity.tvd.mean', 'fidelity.summary.overall[metric=mean 1-way TVD]'];
export const MEAN_2WAY_TVD_PATHS = ['fidelity.pairs.tvd.mean', 'fidelity.summary.overall[metric=mean 2-way TVD]'];

export interface ColumnTvd {
  name: string;
  value: number | null;
  floor: number | null;
  interval?: [number, number];
}

/** Per-column 1-way TVD with its holdout floor, worst first (null values last). */
export function columnTvds(result: AuditResult): ColumnTvd[] {
  const cols = field(result.fidelity, 'columns');
  if (!Array.isArray(cols)) return [];
  const out: ColumnTvd[] = [];
  for (const c of cols) {
    if (!isObj(c) || typeof c.name !== 'string') continue;
    const m = valueAt(c, 'tvd');
    if (!m.found || !m.measure) continue;
    const t: ColumnTvd = { name: c.name, value: m.measure.value, floor: m.measure.baseline ?? null };
    if (m.measure.interval) t.interval = m.measure.interval;
    out.push(t);
  }
  return out.sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
}

export interface PairTvd {
  a: string;
  b: string;
  value: number | null;
  floor: number | null;
  interval?: [number, number];
}

/** The worst column pairs by 2-way TVD, as the fidelity section lists them. */
export function worstPairs(result: AuditResult): PairTvd[] {
  const w = field(field(field(result.fidelity, 'pairs'), 'tvd'), 'worst');
  if (!Array.isArray(w)) return [];
  return w
    .filter((p: unknown): p is { a: string; b: string } => isObj(p) && typeof p.a === 'string' && typeof p.b === 'string')
    .map((p) => {
      const m = readMeasureLoose(p);
      const t: PairTvd = { a: p.a, b: p.b, value: m.value, floor: m.baseline ?? null };
      if (m.interval) t.interval = m.interval;
      return t;
    });
}

function readMeasureLoose(node: unknown): MeasureReading {
  const v = valueAt({ x: node }, 'x');
  return v.found && v.measure ? v.measure : { value: null };
}

export interface MembershipFinding {
  /** Path of the attack inside results.json, e.g. "privacy.distance.mia". */
  path: string;
  auc: number | null;
  interval?: [number, number];
}

/**
 * Every membership-inference attack in the privacy section: any object carrying an `auc` measure that either looks
 * like an MIA summary (nMembers) or sits under a key naming membership inference (mia, membership, domias, shadow).
 */
export function membershipAttacks(result: AuditResult): MembershipFinding[] {
  const priv: unknown = result.privacy;
  if (!isObj(priv) || isSkipped(priv)) return [];
  const out: MembershipFinding[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 8) return;
    if (Array.isArray(node)) {
      node.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
      return;
    }
    if (!isObj(node) || isSkipped(node)) return;
    if ('auc' in node && (('nMembers' in node) || /mia|membership|domias|shadow/i.test(path))) {
      const m = readMeasureLoose(node.auc);
      if (m.value !== null || node.auc === null) {
        const f: MembershipFinding = { path, auc: m.value };
        if (m.interval) f.interval = m.interval;
        out.push(f);
        return;
      }
    }
    for (const k of Object.keys(node)) walk(node[k], `${path}.${k}`, depth + 1);
  };
  walk(priv, 'privacy', 0);
  return out;
}
