// A DP-safe Domain for `synthaudit generate` (uniform numeric bins within public or privately estimated bounds, level sets
// as public metadata), private bounds by a noisy log-scale histogram (SmartNoise's approx_bounds), and Domain <-> JSON.
//
// What is public and what is paid for:
// - Column kinds (schema inference or --kinds), whether a numeric column is integer-valued, and the set of category levels
//   are treated as public metadata, as the risk-calibrated AIM guide does for categorical domains; levels are sorted by label
//   (not by frequency, which would leak counts) and their counts are not kept. Pass --kinds to make kinds truly public.
// - Numeric bounds given by the user cost nothing. Otherwise each column's bounds come from a histogram of the values over
//   fixed signed powers of two (plus one bucket for |x| < 2^-10) with Laplace(1/eps_c) noise per bucket (L1 sensitivity 1 under
//   add/remove); the bounds are the outer edges of the outermost buckets whose noisy count exceeds ln(B/beta)/eps_c
//   (B = number of buckets, beta = 0.01). eps_c = procEpsilon / (numeric columns without bounds), each pure eps_c-DP; the
//   list of eps_c is passed to the generator, which composes it into its claim. Values outside the bounds are clamped.
// - Numeric bins are uniform within the bounds (`bins`, default 20); an integer column whose range holds at most `bins`
//   integers gets one bin per integer.

import { UserError } from '../errors.js';
import type { CategoricalDomain, ColumnDomain, Domain, NumericDomain } from '../domain.js';
import { DEFAULT_BINS } from '../domain.js';
import type { Schema } from '../schema.js';
import type { Table } from '../table.js';
import type { Rng } from '../rng.js';
import type { Bounds } from './common.js';

export const DEFAULT_PROC_EPSILON = 0.1;
const MIN_EXP = -10;
const MAX_EXP = 60;
const BETA = 0.01;

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toPrecision(4);
  return String(Math.round(x * 1000) / 1000);
}

function numericLabels(edges: Float64Array): string[] {
  const nb = edges.length + 1;
  const labels: string[] = [];
  for (let b = 0; b < nb; b++) {
    const lo = b === 0 ? '-inf' : fmt(edges[b - 1]);
    const hi = b === nb - 1 ? '+inf' : fmt(edges[b]);
    labels.push(`(${lo}, ${hi}${b === nb - 1 ? ')' : ']'}`);
  }
  labels.push('(missing)');
  return labels;
}

/** A numeric column domain from bounds alone (data-independent apart from the public integer flag). */
export function uniformNumericDomain(name: string, lo: number, hi: number, isInteger: boolean, bins = DEFAULT_BINS): NumericDomain {
  if (!(hi > lo)) throw new UserError(`bounds must satisfy lo < hi (got [${lo}, ${hi}])`, { column: name });
  const cuts: number[] = [];
  if (isInteger && Math.floor(hi) - Math.ceil(lo) + 1 <= bins) {
    for (let v = Math.ceil(lo); v < Math.floor(hi); v++) cuts.push(v + 0.5);
  } else {
    for (let k = 1; k < bins; k++) cuts.push(lo + ((hi - lo) * k) / bins);
  }
  const edges = Float64Array.from(cuts);
  const nBins = edges.length + 1;
  return {
    name,
    kind: 'numeric',
    edges,
    nBins,
    missingCode: nBins,
    nCodes: nBins + 1,
    labels: numericLabels(edges),
    // placeholders from the bounds, not from the data
    mean: (lo + hi) / 2,
    std: (hi - lo) / Math.sqrt(12),
    min: lo,
    max: hi,
    range: hi - lo,
    isInteger,
  };
}

/** Bucket of x on the signed powers-of-two grid: 0 = |x| < 2^MIN_EXP, +-(1 + e - MIN_EXP) for 2^e <= |x| < 2^(e+1). */
function bucketOf(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** MIN_EXP) return 0;
  const e = Math.min(MAX_EXP, Math.floor(Math.log2(a)));
  const k = 1 + e - MIN_EXP;
  return x > 0 ? k : -k;
}

function bucketEdges(k: number): [number, number] {
  if (k === 0) return [-(2 ** MIN_EXP), 2 ** MIN_EXP];
  const e = Math.abs(k) - 1 + MIN_EXP;
  const lo = 2 ** e;
  const hi = 2 ** (e + 1);
  return k > 0 ? [lo, hi] : [-hi, -lo];
}

/**
 * (epsilon)-DP bounds of a numeric column: noisy histogram on signed powers of two, outermost buckets above the threshold.
 * Returns null when no bucket clears the threshold (too few rows for this epsilon).
 */
export function privateBounds(values: ArrayLike<number>, epsilon: number, rng: Rng, isInteger: boolean): [number, number] | null {
  const K = MAX_EXP - MIN_EXP + 1;
  const B = 2 * K + 1;
  const hist = new Float64Array(B);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) continue;
    hist[bucketOf(x) + K]++;
  }
  const thr = Math.log(B / BETA) / epsilon;
  let lo = -1;
  let hi = -1;
  for (let t = 0; t < B; t++) {
    const y = hist[t] + rng.laplace(1 / epsilon);
    if (y > thr) {
      if (lo < 0) lo = t;
      hi = t;
    }
  }
  if (lo < 0) return null;
  let a = bucketEdges(lo - K)[0];
  let b = bucketEdges(hi - K)[1];
  if (isInteger) {
    a = Math.floor(a);
    b = Math.ceil(b);
  }
  if (!(b > a)) b = a + 1;
  return [a, b];
}

export interface DpDomainOptions {
  bounds?: Bounds;
  bins?: number;
  /** Total pure-DP budget for estimating missing bounds (default 0.1), split equally over those columns. */
  procEpsilon?: number;
  rng: Rng;
}

export interface DpDomainResult {
  domain: Domain;
  /** epsilon of each private bounds estimate (empty when all bounds were given). */
  procEpsilons: number[];
  /** Bounds used per numeric column and where they came from. */
  bounds: Record<string, { lo: number; hi: number; source: 'user' | 'private' }>;
  notices: string[];
}

export function buildDpDomain(t: Table, schema: Schema, opts: DpDomainOptions): DpDomainResult {
  const bins = opts.bins ?? DEFAULT_BINS;
  const user = opts.bounds ?? {};
  const notices: string[] = [];
  for (const col of Object.keys(user)) {
    const cs = schema.columns.find((c) => c.name === col);
    if (!cs) throw new UserError('--bounds names a column that is not in the table', { file: t.name, column: col });
    if (cs.kind !== 'numeric') throw new UserError(`--bounds given for a ${cs.kind} column; bounds are for numeric columns`, { file: t.name, column: col });
    const b = user[col];
    if (!Array.isArray(b) || b.length !== 2 || !(Number.isFinite(b[0]) && Number.isFinite(b[1]) && b[0] < b[1])) throw new UserError(`--bounds must be lo < hi (got ${JSON.stringify(b)})`, { column: col });
  }
  const numeric = schema.columns.filter((c) => c.kind === 'numeric');
  const needBounds = numeric.filter((c) => !user[c.name]);
  const procTotal = needBounds.length ? (opts.procEpsilon ?? DEFAULT_PROC_EPSILON) : 0;
  if (needBounds.length && !(procTotal > 0)) throw new UserError(`numeric columns without --bounds (${needBounds.map((c) => c.name).join(', ')}) need a positive procEpsilon to estimate them privately`);
  const epsC = needBounds.length ? procTotal / needBounds.length : 0;
  const columns: ColumnDomain[] = [];
  const boundsOut: DpDomainResult['bounds'] = {};
  for (const cs of schema.columns) {
    if (cs.kind === 'identifier') continue;
    const j = t.columns.indexOf(cs.name);
    const col = t.cells[j];
    if (cs.kind === 'categorical') {
      const set = new Set<string>();
      for (const v of col) if (v !== null) set.add(v);
      const levels = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const cd: CategoricalDomain = {
        name: cs.name,
        kind: 'categorical',
        levels,
        index: new Map(levels.map((l, k) => [l, k])),
        counts: levels.map(() => 0),
        missingCode: levels.length,
        unseenCode: levels.length + 1,
        nCodes: levels.length + 2,
        labels: [...levels, '(missing)', '(unseen)'],
      };
      columns.push(cd);
      continue;
    }
    const vals = new Float64Array(col.length);
    let isInteger = true;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      vals[i] = v === null ? NaN : Number(v);
      if (v !== null && !Number.isInteger(vals[i])) isInteger = false;
    }
    let lo: number;
    let hi: number;
    if (user[cs.name]) {
      [lo, hi] = user[cs.name];
      boundsOut[cs.name] = { lo, hi, source: 'user' };
    } else {
      const b = privateBounds(vals, epsC, opts.rng.fork(`bounds:${cs.name}`), isInteger);
      if (!b) throw new UserError(`could not estimate bounds privately (too few rows for procEpsilon ${procTotal}); pass --bounds ${cs.name}=LO:HI`, { file: t.name, column: cs.name });
      [lo, hi] = b;
      boundsOut[cs.name] = { lo, hi, source: 'private' };
      notices.push(`column "${cs.name}": bounds [${lo}, ${hi}] estimated with epsilon ${+epsC.toPrecision(6)} (pass --bounds to avoid spending budget)`);
    }
    columns.push(uniformNumericDomain(cs.name, lo, hi, isInteger, bins));
  }
  if (columns.length === 0) throw new UserError('no columns left to generate (all are identifiers)', { file: t.name });
  const domain: Domain = { columns, index: new Map(columns.map((c, k) => [c.name, k])), bins };
  return { domain, procEpsilons: needBounds.map(() => epsC), bounds: boundsOut, notices };
}

// ---------------------------------------------------------------------------------------------------------------
// Domain <-> JSON (so a saved generator can be reloaded without its input file)

export type ColumnDomainJSON =
  | { name: string; kind: 'categorical'; levels: string[]; counts: number[] }
  | { name: string; kind: 'numeric'; edges: number[]; mean: number; std: number; min: number; max: number; range: number; isInteger: boolean };

export interface DomainJSON {
  bins: number;
  columns: ColumnDomainJSON[];
}

export function domainToJSON(d: Domain): DomainJSON {
  return {
    bins: d.bins,
    columns: d.columns.map((c): ColumnDomainJSON =>
      c.kind === 'categorical'
        ? { name: c.name, kind: 'categorical', levels: c.levels.slice(), counts: c.counts.slice() }
        : { name: c.name, kind: 'numeric', edges: Array.from(c.edges), mean: c.mean, std: c.std, min: c.min, max: c.max, range: c.range, isInteger: c.isInteger },
    ),
  };
}

export function domainFromJSON(j: DomainJSON): Domain {
  if (!j || !Array.isArray(j.columns) || j.columns.length === 0) throw new UserError('saved model has no domain');
  const columns = j.columns.map((c): ColumnDomain => {
    if (c.kind === 'categorical') {
      const levels = c.levels;
      return {
        name: c.name,
        kind: 'categorical',
        levels,
        index: new Map(levels.map((l, k) => [l, k])),
        counts: c.counts,
        missingCode: levels.length,
        unseenCode: levels.length + 1,
        nCodes: levels.length + 2,
        labels: [...levels, '(missing)', '(unseen)'],
      };
    }
    if (c.kind !== 'numeric') throw new UserError(`saved model: unknown column kind for "${(c as { name: string }).name}"`);
    const edges = Float64Array.from(c.edges);
    const nBins = edges.length + 1;
    return { name: c.name, kind: 'numeric', edges, nBins, missingCode: nBins, nCodes: nBins + 1, labels: numericLabels(edges), mean: c.mean, std: c.std, min: c.min, max: c.max, range: c.range, isInteger: c.isInteger };
  });
  return { columns, index: new Map(columns.map((c, k) => [c.name, k])), bins: j.bins };
}
