// The one shared Domain, built from the REAL table only, and the columnar encoding applied identically to
// real, holdout and synthetic: categorical levels + missing + unseen codes, numeric quantile bins (type-7 quantiles, right-closed, open outer edges).

import { UserError } from './errors.js';
import type { Table } from './table.js';
import type { Schema } from './schema.js';
import { restoreFormula } from './csv-safe.js';

export const DEFAULT_BINS = 20;

export interface CategoricalDomain {
  name: string;
  kind: 'categorical';
  /** Levels seen in the real table, sorted by descending frequency then label. */
  levels: string[];
  index: Map<string, number>;
  /** Real-table count of each level. */
  counts: number[];
  /** Code of a missing cell (= levels.length). */
  missingCode: number;
  /** Code of a category the real table never had (= levels.length + 1). */
  unseenCode: number;
  /** levels + missing + unseen. */
  nCodes: number;
  /** Printable label per code. */
  labels: string[];
}

export interface NumericDomain {
  name: string;
  kind: 'numeric';
  /** Interior cut points, strictly increasing; bin b = (edges[b-1], edges[b]], outer bins open. */
  edges: Float64Array;
  nBins: number;
  /** Code of a missing cell (= nBins). */
  missingCode: number;
  nCodes: number;
  labels: string[];
  mean: number;
  /** Population standard deviation (1 if the column is constant). */
  std: number;
  min: number;
  max: number;
  /** max - min (1 if constant). */
  range: number;
  isInteger: boolean;
}

export type ColumnDomain = CategoricalDomain | NumericDomain;

export interface Domain {
  columns: ColumnDomain[];
  index: Map<string, number>;
  bins: number;
}

export interface DomainOptions {
  bins?: number;
  /** Columns to leave out (in addition to identifier-like ones). */
  exclude?: string[];
}

/** Type-7 (linear interpolation) quantile of sorted values, as numpy's default. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toPrecision(4);
  return String(Math.round(x * 1000) / 1000);
}

export function buildDomain(real: Table, schema: Schema, opts: DomainOptions = {}): Domain {
  const bins = opts.bins ?? DEFAULT_BINS;
  if (!(bins >= 2 && Number.isInteger(bins))) throw new UserError(`--bins must be an integer >= 2 (got ${bins})`);
  const exclude = new Set(opts.exclude ?? []);
  const columns: ColumnDomain[] = [];
  for (const cs of schema.columns) {
    if (cs.kind === 'identifier' || exclude.has(cs.name)) continue;
    const j = real.columns.indexOf(cs.name);
    const col = real.cells[j];
    if (cs.kind === 'categorical') {
      const counts = new Map<string, number>();
      for (const v of col) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      const levels = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
      const index = new Map(levels.map((l, k) => [l, k]));
      columns.push({
        name: cs.name,
        kind: 'categorical',
        levels,
        index,
        counts: levels.map((l) => counts.get(l)!),
        missingCode: levels.length,
        unseenCode: levels.length + 1,
        nCodes: levels.length + 2,
        labels: [...levels, '(missing)', '(unseen)'],
      });
    } else {
      const vals: number[] = [];
      for (const v of col) if (v !== null) vals.push(Number(v));
      const sorted = Float64Array.from(vals).sort();
      const n = sorted.length;
      let sum = 0;
      let isInteger = true;
      for (let i = 0; i < n; i++) {
        sum += sorted[i];
        if (isInteger && !Number.isInteger(sorted[i])) isInteger = false;
      }
      let mean = sum / n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
      let sd = Math.sqrt(ss / n);
      if (!Number.isFinite(mean) || !Number.isFinite(sd)) {
        // values near the float range (|x| ~ 1e154+) overflow the plain sums: redo them on x / max|x| (same formulas)
        const M = Math.max(Math.abs(sorted[0]), Math.abs(sorted[n - 1]));
        let s1 = 0;
        for (let i = 0; i < n; i++) s1 += sorted[i] / M;
        const m1 = s1 / n;
        let s2 = 0;
        for (let i = 0; i < n; i++) s2 += (sorted[i] / M - m1) ** 2;
        mean = m1 * M;
        sd = Math.sqrt(s2 / n) * M;
      }
      const min = sorted[0];
      const max = sorted[n - 1];
      const cuts: number[] = [];
      for (let k = 1; k < bins; k++) {
        const e = quantileSorted(sorted, k / bins);
        if (cuts.length === 0 || e > cuts[cuts.length - 1]) cuts.push(e);
      }
      // an edge at the maximum would leave an always-empty top bin for the real table
      while (cuts.length && cuts[cuts.length - 1] >= max) cuts.pop();
      const edges = Float64Array.from(cuts);
      const nBins = edges.length + 1;
      const labels: string[] = [];
      for (let b = 0; b < nBins; b++) {
        const lo = b === 0 ? '-inf' : fmt(edges[b - 1]);
        const hi = b === nBins - 1 ? '+inf' : fmt(edges[b]);
        labels.push(`(${lo}, ${hi}${b === nBins - 1 ? ')' : ']'}`);
      }
      labels.push('(missing)');
      columns.push({
        name: cs.name,
        kind: 'numeric',
        edges,
        nBins,
        missingCode: nBins,
        nCodes: nBins + 1,
        labels,
        mean,
        std: sd > 0 ? sd : 1,
        min,
        max,
        range: max > min ? max - min : 1,
        isInteger,
      });
    }
  }
  if (columns.length === 0) throw new UserError('no columns left to analyse (all are identifiers or excluded)', { file: real.name });
  return { columns, index: new Map(columns.map((c, k) => [c.name, k])), bins };
}

/** Bin of a numeric value: number of edges strictly below x (right-closed bins). */
export function binOf(edges: Float64Array, x: number): number {
  return lowerBound(edges, x);
}

/**
 * First index i in [lo, hi) of the ascending a with a[i] >= x (hi when there is none; lo for a NaN x): the one binary
 * search of the project (domain bins, tree bins, the nearest-neighbour index).
 */
export function lowerBound(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A table in the domain's columnar encoding. */
export interface Encoded {
  /** Source label (file path or role), for messages. */
  name: string;
  n: number;
  domain: Domain;
  /** Per domain column: category code or numeric bin code (missing/unseen have their own codes). */
  codes: Int32Array[];
  /** Per domain column: raw numeric values (NaN = missing) for numeric columns, null for categorical. */
  values: (Float64Array | null)[];
  /** Per domain column: number of cells in an unseen category (categorical only). */
  unseenCounts: number[];
  /** Per domain column: up to 5 distinct unseen labels. */
  unseenExamples: string[][];
  /**
   * Per domain column: the codes used by distances and exact-copy checks. Equal to `codes[j]` (the same array) except in a
   * categorical column with unseen cells, where each distinct unseen raw label gets its own code (>= nCodes, shared by every
   * table encoded on the same domain), so two different unseen categories never count as a match. Fidelity metrics keep
   * the single unseen bucket of `codes`. Absent on encodings built from codes alone (generator output): read it through
   * exactCodes(), which falls back to `codes`.
   */
  exactCodes?: Int32Array[];
}

/** Per categorical domain column: distinct unseen raw label -> its exact code (nCodes, nCodes + 1, ...), shared by all tables. */
const unseenExact = new WeakMap<CategoricalDomain, Map<string, number>>();

function unseenExactCode(cd: CategoricalDomain, label: string): number {
  let m = unseenExact.get(cd);
  if (!m) {
    m = new Map();
    unseenExact.set(cd, m);
  }
  let k = m.get(label);
  if (k === undefined) {
    k = cd.nCodes + m.size;
    m.set(label, k);
  }
  return k;
}

/** Codes of column j for distances and exact-copy checks: distinct unseen raw labels stay distinct (see Encoded.exactCodes). */
export function exactCodes(e: Encoded, j: number): Int32Array {
  return e.exactCodes?.[j] ?? e.codes[j];
}

export function encode(t: Table, domain: Domain): Encoded {
  const n = t.nRows;
  const codes: Int32Array[] = [];
  const values: (Float64Array | null)[] = [];
  const unseenCounts: number[] = [];
  const unseenExamples: string[][] = [];
  const exact: Int32Array[] = [];
  for (const cd of domain.columns) {
    const j = t.columns.indexOf(cd.name);
    if (j < 0) throw new UserError(`column "${cd.name}" is missing`, { file: t.name, column: cd.name });
    const col = t.cells[j];
    const c = new Int32Array(n);
    if (cd.kind === 'categorical') {
      let unseen = 0;
      const ex: string[] = [];
      let xc: Int32Array | null = null;
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (v === null) c[i] = cd.missingCode;
        else {
          // a level written by `generate` with its spreadsheet guard ('=x for =x) is that level
          const k = cd.index.get(v) ?? (v.charCodeAt(0) === 39 ? cd.index.get(restoreFormula(v)) : undefined);
          if (k === undefined) {
            c[i] = cd.unseenCode;
            unseen++;
            if (ex.length < 5 && !ex.includes(v)) ex.push(v);
            if (!xc) xc = new Int32Array(n);
            xc[i] = unseenExactCode(cd, v);
          } else c[i] = k;
        }
      }
      if (xc) for (let i = 0; i < n; i++) if (c[i] !== cd.unseenCode) xc[i] = c[i];
      exact.push(xc ?? c);
      codes.push(c);
      values.push(null);
      unseenCounts.push(unseen);
      unseenExamples.push(ex);
    } else {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (v === null) {
          x[i] = NaN;
          c[i] = cd.missingCode;
        } else {
          const num = Number(v);
          if (!Number.isFinite(num)) throw new UserError(`value "${v}" is not numeric`, { file: t.name, column: cd.name, row: i + 1 });
          x[i] = num;
          c[i] = binOf(cd.edges, num);
        }
      }
      codes.push(c);
      exact.push(c);
      values.push(x);
      unseenCounts.push(0);
      unseenExamples.push([]);
    }
  }
  return { name: t.name, n, domain, codes, values, unseenCounts, unseenExamples, exactCodes: exact };
}

/** Rows of an encoded table (typed-array copies). */
export function subsetRows(e: Encoded, rows: ArrayLike<number>, name = e.name): Encoded {
  const m = rows.length;
  const codes = e.codes.map((c) => {
    const o = new Int32Array(m);
    for (let i = 0; i < m; i++) o[i] = c[rows[i]];
    return o;
  });
  const values = e.values.map((v) => {
    if (!v) return null;
    const o = new Float64Array(m);
    for (let i = 0; i < m; i++) o[i] = v[rows[i]];
    return o;
  });
  const out: Encoded = { name, n: m, domain: e.domain, codes, values, unseenCounts: e.unseenCounts.slice(), unseenExamples: e.unseenExamples.map((x) => x.slice()) };
  if (e.exactCodes) {
    out.exactCodes = e.exactCodes.map((x, j) => {
      if (x === e.codes[j]) return codes[j];
      const o = new Int32Array(m);
      for (let i = 0; i < m; i++) o[i] = x[rows[i]];
      return o;
    });
  }
  return out;
}

/** Stack two encoded tables over the same domain (a then b). */
export function concatEncoded(a: Encoded, b: Encoded, name = `${a.name}+${b.name}`): Encoded {
  const n = a.n + b.n;
  const codes = a.codes.map((c, j) => {
    const o = new Int32Array(n);
    o.set(c, 0);
    o.set(b.codes[j], a.n);
    return o;
  });
  const values = a.values.map((v, j) => {
    if (!v) return null;
    const o = new Float64Array(n);
    o.set(v, 0);
    o.set(b.values[j]!, a.n);
    return o;
  });
  const out: Encoded = { name, n, domain: a.domain, codes, values, unseenCounts: a.unseenCounts.map((u, j) => u + b.unseenCounts[j]), unseenExamples: a.unseenExamples.map((x, j) => [...x, ...b.unseenExamples[j]].slice(0, 5)) };
  if (a.exactCodes || b.exactCodes) {
    out.exactCodes = codes.map((c, j) => {
      const xa = exactCodes(a, j);
      const xb = exactCodes(b, j);
      if (xa === a.codes[j] && xb === b.codes[j]) return c;
      const o = new Int32Array(n);
      o.set(xa, 0);
      o.set(xb, a.n);
      return o;
    });
  }
  return out;
}

/** Numeric value standardised with the real table's mean and std (missing -> 0, the mean). */
export function standardised(e: Encoded, j: number): Float64Array {
  const cd = e.domain.columns[j];
  if (cd.kind !== 'numeric') throw new Error(`column ${cd.name} is not numeric`);
  const v = e.values[j]!;
  const o = new Float64Array(e.n);
  for (let i = 0; i < e.n; i++) o[i] = Number.isNaN(v[i]) ? 0 : (v[i] - cd.mean) / cd.std;
  return o;
}

/** Numeric value scaled by the real table's range: (x - min) / range (missing -> NaN). */
export function rangeScaled(e: Encoded, j: number): Float64Array {
  const cd = e.domain.columns[j];
  if (cd.kind !== 'numeric') throw new Error(`column ${cd.name} is not numeric`);
  const v = e.values[j]!;
  const o = new Float64Array(e.n);
  for (let i = 0; i < e.n; i++) o[i] = (v[i] - cd.min) / cd.range;
  return o;
}
