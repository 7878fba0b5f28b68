// The reading guide shared by every renderer: which numbers of each section are headlines, what each means in plain
// language, which direction is better and what its floor (holdout baseline / ideal) is. Reads results; computes nothing.

import type { AuditResult } from '../src/result.js';
import { valueAt, type Measure } from '../src/gate.js';
import { fmtNum, isObj, isSkipped } from './util.js';

export type SectionKey = 'fidelity' | 'utility' | 'privacy';

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
  /** path of the baseline to show beside it, if the results carry one elsewhere */
  baselinePath?: string;
  /** how to print the baseline, e.g. 'ideal' */
  baselineLabel?: string;
  /** print as a percentage */
  pct?: boolean;
}

/**
 * The catalogue of headline numbers, in reading order. A path absent from a given result is simply not shown,
 * so this list can name several layouts; renderers show what is there.
 */
export const GUIDE: GuideEntry[] = [];

/** Look up the guide entry for a results path (exact, then ignoring list selectors and bounds). */
export function guideFor(path: string): GuideEntry | undefined {
  const norm = (p: string) => p.replace(/\[[^\]]*\]/g, '').replace(/\.(upper|lower|hi|lo)$/, '');
  return GUIDE.find((g) => g.path === path) ?? GUIDE.find((g) => norm(g.path) === norm(path));
}

export interface Headline {
  section: SectionKey;
  path: string;
  label: string;
  value: number | null;
  /** preformatted value (e.g. a percentage) */
  text?: string;
  interval?: [number, number];
  baseline?: number;
  baselineText?: string;
  meaning: string;
  reason?: string;
}

function fmtVal(x: number, pct?: boolean): string {
  return pct ? `${(x * 100).toFixed(1)}%` : fmtNum(x);
}

/** The headline numbers of one section that this result carries. */
export function headlines(result: AuditResult, section: SectionKey): Headline[] {
  const sec = (result as any)[section];
  if (!isObj(sec) || isSkipped(sec)) return [];
  const out: Headline[] = [];
  for (const g of GUIDE) {
    if (g.section !== section) continue;
    let pv;
    try {
      pv = valueAt(result, g.path);
    } catch {
      continue;
    }
    if (!pv.found || !pv.measure) continue;
    const m = pv.measure;
    const h: Headline = { section, path: g.path, label: g.label, value: m.value, meaning: g.meaning };
    if (m.value !== null) h.text = fmtVal(m.value, g.pct);
    if (m.interval) h.interval = m.interval;
    if (m.reason) h.reason = m.reason;
    let base = m.baseline;
    if (g.baselinePath) {
      const b = valueAt(result, g.baselinePath);
      if (b.found && b.measure && b.measure.value !== null) base = b.measure.value;
    }
    if (base !== undefined) {
      h.baseline = base;
      h.baselineText = `${g.baselineLabel ?? 'baseline'} ${fmtVal(base, g.pct)}`;
    }
    out.push(h);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Accessors shared by the HTML report and the vitest matchers (they read; they do not compute metrics).


/** The first of several candidate paths that resolves to a measure (section layouts may name a number differently). */
export function firstMeasure(result: unknown, paths: string[]): { path: string; measure: Measure } | undefined {
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
  const cols = (result as any).fidelity?.columns;
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
  const w = (result as any).fidelity?.pairs?.tvd?.worst;
  if (!Array.isArray(w)) return [];
  return w
    .filter((p: any) => isObj(p) && typeof p.a === 'string' && typeof p.b === 'string')
    .map((p: any) => {
      const m = readMeasureLoose(p);
      const t: PairTvd = { a: p.a, b: p.b, value: m.value, floor: m.baseline ?? null };
      if (m.interval) t.interval = m.interval;
      return t;
    });
}

function readMeasureLoose(node: any): Measure {
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
  const priv = (result as any).privacy;
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
