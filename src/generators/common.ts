// Shared generator machinery: allocating encoded samples, decoding numeric values inside their bin (uniformly, or following
// a DP domain's denoised fine histogram; integer columns stay integer, single-value cells decode to their value), structural
// zeros, simplex projection, option checks, and Encoded <-> Table / JSON (src/domain.ts encoding).

import { UserError } from '../errors.js';
import { binOf, type ColumnDomain, type Domain, type Encoded, type NumericDomain } from '../domain.js';
import type { Table } from '../table.js';
import type { Rng } from '../rng.js';

export type Bounds = Record<string, [number, number]>;

/**
 * A piecewise-uniform decoding density over fine cells (cell 0 = [lo, upper[0]], cell k = (upper[k-1], upper[k]]) with
 * non-negative masses: the denoised private histogram a DP domain keeps with a numeric column (./dp-domain.ts).
 */
export interface CellDensity {
  lo: number;
  upper: Float64Array;
  mass: Float64Array;
}

/** A numeric column domain that may carry a decoding density (an extra property the rest of the code ignores). */
export type DensityDomain = NumericDomain & { density?: CellDensity };

/** An all-missing encoded table of n rows over a domain, ready to be filled. */
export function emptyEncoded(domain: Domain, n: number, name: string): Encoded {
  const codes: Int32Array[] = [];
  const values: (Float64Array | null)[] = [];
  for (const cd of domain.columns) {
    const c = new Int32Array(n);
    c.fill(cd.missingCode);
    codes.push(c);
    if (cd.kind === 'numeric') {
      const v = new Float64Array(n);
      v.fill(NaN);
      values.push(v);
    } else values.push(null);
  }
  return {
    name,
    n,
    domain,
    codes,
    values,
    unseenCounts: domain.columns.map(() => 0),
    unseenExamples: domain.columns.map(() => []),
  };
}

/** Count the unseen-category cells of a freshly built encoded table (keeps Encoded.unseenCounts truthful). */
export function recountUnseen(e: Encoded): Encoded {
  e.domain.columns.forEach((cd, j) => {
    if (cd.kind !== 'categorical') return;
    let u = 0;
    const c = e.codes[j];
    for (let i = 0; i < e.n; i++) if (c[i] === cd.unseenCode) u++;
    e.unseenCounts[j] = u;
  });
  return e;
}

/** Plain-JSON form of an encoded table: codes per column, numeric values with null for missing. */
export interface EncodedJSON {
  n: number;
  codes: number[][];
  values: ((number | null)[] | null)[];
}

export function encodedToJSON(e: Encoded): EncodedJSON {
  return {
    n: e.n,
    codes: e.codes.map((c) => Array.from(c)),
    values: e.values.map((v) => (v ? Array.from(v, (x) => (Number.isNaN(x) ? null : x)) : null)),
  };
}

export function encodedFromJSON(j: EncodedJSON, domain: Domain, name: string): Encoded {
  if (!j || j.codes?.length !== domain.columns.length) throw new UserError(`saved generator state does not match the domain (${domain.columns.length} columns expected)`);
  const codes = j.codes.map((c) => Int32Array.from(c));
  const values = j.values.map((v) => (v ? Float64Array.from(v, (x) => (x === null ? NaN : x)) : null));
  const e: Encoded = { name, n: j.n, domain, codes, values, unseenCounts: domain.columns.map(() => 0), unseenExamples: domain.columns.map(() => []) };
  return recountUnseen(e);
}

// ---------------------------------------------------------------------------------------------------------------
// Numeric bins -> values

/**
 * Where each bin of a numeric column lives: bin 0 = [lo, edge0] (closed), middle bins (edge_{b-1}, edge_b], the last
 * (edge_last, hi]; the outer ends are the user / private bounds when given, else the domain's min and max.
 * For integer columns intLo..intHi are the integers inside; a bin without one is structurally empty.
 * With a density (DP domains), each bin also has pieces = its intersections with the density's cells, weighted by the
 * cell's mass times the share of the cell inside the bin (integers for integer columns, length otherwise); values are drawn
 * piece by piece. A bin whose pieces all weigh 0 is decoded uniformly.
 */
export interface BinRanges {
  isInteger: boolean;
  lo: Float64Array;
  hi: Float64Array;
  closedLo: Uint8Array;
  intLo: Float64Array;
  intHi: Float64Array;
  /** 1 when no value of the column's type fits in the bin. */
  empty: Uint8Array;
  /** Pieces of bin b are pieceOff[b] .. pieceOff[b+1]-1 (none without a density). */
  pieceOff: Int32Array;
  /** Piece b: (pieceLo, pieceHi] for real columns, integers pieceLo..pieceHi for integer columns. */
  pieceLo: Float64Array;
  pieceHi: Float64Array;
  /** Cumulative weights of the pieces within their bin, ending at 1. */
  pieceCdf: Float64Array;
}

export function numericBinRanges(cd: NumericDomain, bounds?: [number, number]): BinRanges {
  const m = cd.edges.length;
  const nb = cd.nBins;
  const r: BinRanges = {
    isInteger: cd.isInteger,
    lo: new Float64Array(nb),
    hi: new Float64Array(nb),
    closedLo: new Uint8Array(nb),
    intLo: new Float64Array(nb),
    intHi: new Float64Array(nb),
    empty: new Uint8Array(nb),
    pieceOff: new Int32Array(nb + 1),
    pieceLo: new Float64Array(0),
    pieceHi: new Float64Array(0),
    pieceCdf: new Float64Array(0),
  };
  const minV = bounds ? bounds[0] : cd.min;
  const maxV = bounds ? bounds[1] : cd.max;
  for (let b = 0; b < nb; b++) {
    let lo: number;
    let hi: number;
    let closed = 0;
    if (m === 0) {
      lo = Math.min(minV, maxV);
      hi = Math.max(minV, maxV);
      closed = 1;
    } else if (b === 0) {
      hi = cd.edges[0];
      lo = Math.min(minV, hi);
      closed = 1;
    } else if (b === m) {
      lo = cd.edges[m - 1];
      hi = maxV > lo ? maxV : cd.max > lo ? cd.max : lo;
    } else {
      lo = cd.edges[b - 1];
      hi = cd.edges[b];
    }
    r.lo[b] = lo;
    r.hi[b] = hi;
    r.closedLo[b] = closed;
    if (cd.isInteger) {
      const a = closed ? Math.ceil(lo) : Math.floor(lo) + 1;
      const z = Math.floor(hi);
      r.intLo[b] = a;
      r.intHi[b] = z;
      r.empty[b] = a > z ? 1 : 0;
    } else r.empty[b] = !closed && !(hi > lo) ? 1 : 0;
  }
  const dens = (cd as DensityDomain).density;
  if (dens) addPieces(r, dens);
  return r;
}

/** Intersect every bin with the density's cells (see BinRanges). */
function addPieces(r: BinRanges, dens: CellDensity): void {
  const nb = r.lo.length;
  const G = dens.upper.length;
  const pl: number[] = [];
  const ph: number[] = [];
  const pw: number[] = [];
  const off = r.pieceOff;
  for (let b = 0; b < nb; b++) {
    off[b] = pl.length;
    if (r.empty[b]) continue;
    const start = pl.length;
    let total = 0;
    // first cell that can meet the bin: binary search on the upper boundaries
    let k = 0;
    let hiK = G - 1;
    const from = r.isInteger ? r.intLo[b] : r.lo[b];
    while (k < hiK) {
      const mid = (k + hiK) >>> 1;
      if (dens.upper[mid] < from) k = mid + 1;
      else hiK = mid;
    }
    for (; k < G; k++) {
      const w = dens.mass[k];
      const cu = dens.upper[k];
      const cl = k === 0 ? dens.lo : dens.upper[k - 1];
      if (r.isInteger) {
        const ca = k === 0 ? Math.ceil(cl) : Math.floor(cl) + 1;
        const cb = Math.floor(cu);
        if (ca > r.intHi[b]) break;
        const a = Math.max(ca, r.intLo[b]);
        const z = Math.min(cb, r.intHi[b]);
        if (a > z || !(w > 0)) continue;
        const share = (w * (z - a + 1)) / (cb - ca + 1);
        pl.push(a);
        ph.push(z);
        pw.push(share);
        total += share;
      } else {
        const lo = r.lo[b];
        const hi = r.hi[b];
        if (k === 0 ? cl > hi : cl >= hi) break;
        if (!(w > 0)) continue;
        if (cu === cl) {
          // a one-point cell [v, v] (cell 0 only)
          if ((r.closedLo[b] ? cu >= lo : cu > lo) && cu <= hi) {
            pl.push(nextDown(cu));
            ph.push(cu);
            pw.push(w);
            total += w;
          }
          continue;
        }
        const a = Math.max(lo, cl);
        const z = Math.min(hi, cu);
        if (!(z > a)) continue;
        const share = (w * (z - a)) / (cu - cl);
        if (!(share > 0)) continue;
        pl.push(a);
        ph.push(z);
        pw.push(share);
        total += share;
      }
    }
    if (!(total > 0)) pl.length = ph.length = pw.length = start;
    else {
      let c = 0;
      for (let i = start; i < pw.length; i++) {
        c += pw[i];
        pw[i] = c / total;
      }
      pw[pw.length - 1] = 1;
    }
  }
  off[nb] = pl.length;
  r.pieceLo = Float64Array.from(pl);
  r.pieceHi = Float64Array.from(ph);
  r.pieceCdf = Float64Array.from(pw);
}

/** The largest double below x (finite x), so that (nextDown(x), x] holds x alone; nextDown(0) = -Number.MIN_VALUE. */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const i = new BigInt64Array(f.buffer);
  i[0] += x > 0 ? -1n : 1n;
  return f[0];
}

/** Round x to about four significant digits of the bin width, if the result stays in the bin (compact CSV output). */
function compactInBin(x: number, lo: number, hi: number, closed: boolean): number {
  const w = hi - lo;
  if (!(w > 0)) return x;
  const e = Math.floor(Math.log10(w)) - 3;
  const y = e >= 0 ? Math.round(x / 10 ** e) * 10 ** e : Number(x.toFixed(Math.min(-e, 20)));
  const inside = (closed ? y >= lo : y > lo) && y <= hi;
  return inside ? y : x;
}

/** Uniform in (lo, hi] ([lo, hi] if closed); an interval holding one double gives it. */
function uniformReal(lo: number, hi: number, closed: boolean, rng: Rng): number {
  if (!(hi > lo)) return hi;
  const mid = lo + (hi - lo) / 2;
  if (!closed && (mid === lo || mid === hi)) return hi;
  const u = rng.random();
  const x = closed ? lo + u * (hi - lo) : hi - u * (hi - lo); // [lo, hi) or (lo, hi]
  return compactInBin(x, lo, hi, closed);
}

/** A value drawn inside bin b (an integer for integer columns): from its pieces when it has some, else uniformly. Bin must not be empty. */
export function sampleValueInBin(r: BinRanges, b: number, rng: Rng): number {
  const p0 = r.pieceOff[b];
  const p1 = r.pieceOff[b + 1];
  if (p1 > p0) {
    let p = p0;
    if (p1 - p0 > 1) p = p0 + drawCdf(r.pieceCdf, p0, p1 - p0, rng.random());
    const a = r.pieceLo[p];
    const z = r.pieceHi[p];
    if (r.isInteger) return z > a ? a + rng.int(z - a + 1) : a;
    return uniformReal(a, z, false, rng);
  }
  if (r.isInteger) {
    const a = r.intLo[b];
    const k = r.intHi[b] - a + 1;
    if (!(k >= 1)) return r.hi[b];
    return a + (k > 1 ? rng.int(k) : 0);
  }
  return uniformReal(r.lo[b], r.hi[b], r.closedLo[b] === 1, rng);
}

/** Fill the values of every numeric column of `e` that has ranges (null = leave alone) from its codes (missing code -> NaN). */
export function fillNumericValues(e: Encoded, ranges: (BinRanges | null)[], rng: Rng): void {
  e.domain.columns.forEach((cd, j) => {
    const r = ranges[j];
    if (cd.kind !== 'numeric' || !r) return;
    const c = e.codes[j];
    const v = e.values[j]!;
    for (let i = 0; i < e.n; i++) v[i] = c[i] === cd.missingCode ? NaN : sampleValueInBin(r, c[i], rng);
  });
}

/** Bin ranges for every numeric column of a domain (null for categorical). */
export function domainBinRanges(domain: Domain, bounds: Bounds = {}): (BinRanges | null)[] {
  const own = (k: string) => (Object.hasOwn(bounds, k) ? bounds[k] : undefined);
  return domain.columns.map((cd) => (cd.kind === 'numeric' ? numericBinRanges(cd, own(cd.name)) : null));
}

/**
 * Codes a generator may produce (1) or must not (0): never the 'unseen' code of a categorical column (it has no label),
 * never a numeric bin that holds no value of the column's type; missing unless the column is declared to have none.
 */
export function allowedCodes(cd: ColumnDomain, r: BinRanges | null, missingAllowed = true): Uint8Array {
  const a = new Uint8Array(cd.nCodes).fill(1);
  if (cd.kind === 'categorical') a[cd.unseenCode] = 0;
  else if (r) for (let b = 0; b < cd.nBins; b++) if (r.empty[b]) a[b] = 0;
  if (!missingAllowed) a[cd.missingCode] = 0;
  return a;
}

/** Validate an option listing columns that never have missing values (public metadata, like a level set). */
export function checkColumnList(gen: string, domain: Domain, key: string, v: unknown): Set<string> {
  if (v === undefined || v === null) return new Set();
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new UserError(`generator ${gen}: option ${key} must be a list of column names`);
  for (const c of v) if (!domain.index.has(c)) throw new UserError(`generator ${gen}: option ${key} names a column that is not in the domain`, { column: c });
  return new Set(v as string[]);
}

// ---------------------------------------------------------------------------------------------------------------
// Small numeric helpers

/** Euclidean projection of v onto {x >= 0, sum x = total} (sort-based; Duchi et al. 2008). total <= 0 gives zeros. */
export function projectSimplex(v: ArrayLike<number>, total: number): Float64Array {
  const k = v.length;
  const out = new Float64Array(k);
  if (!(total > 0) || k === 0) return out;
  const u = Float64Array.from(v).sort().reverse();
  let cum = 0;
  let theta = 0;
  for (let j = 0; j < k; j++) {
    cum += u[j];
    const t = (cum - total) / (j + 1);
    if (u[j] - t > 0) theta = t;
  }
  for (let i = 0; i < k; i++) out[i] = Math.max(0, v[i] - theta);
  return out;
}

/** In-place cumulative sums of w[off .. off+k), normalised to end at 1; a zero row becomes uniform. Returns false if it was zero. */
export function toCdf(w: Float64Array, off: number, k: number): boolean {
  let s = 0;
  for (let i = 0; i < k; i++) s += w[off + i] > 0 ? w[off + i] : 0;
  if (!(s > 0)) {
    for (let i = 0; i < k; i++) w[off + i] = (i + 1) / k;
    return false;
  }
  let c = 0;
  for (let i = 0; i < k; i++) {
    c += w[off + i] > 0 ? w[off + i] : 0;
    w[off + i] = c / s;
  }
  w[off + k - 1] = 1;
  return true;
}

/** Index drawn from the cumulative row cdf[off .. off+k) with a uniform u in [0, 1). */
export function drawCdf(cdf: Float64Array, off: number, k: number, u: number): number {
  let lo = 0;
  let hi = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[off + mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------------------------
// Options and domain checks

export function optNumber(
  gen: string,
  opts: Record<string, unknown>,
  key: string,
  check: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean; exclusiveMax?: boolean } = {},
): number | undefined {
  const v = opts[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserError(`generator ${gen}: option ${key} must be a finite number (got ${JSON.stringify(v)})`);
  if (check.integer && !Number.isInteger(v)) throw new UserError(`generator ${gen}: option ${key} must be an integer (got ${v})`);
  if (check.min !== undefined && (check.exclusiveMin ? v <= check.min : v < check.min))
    throw new UserError(`generator ${gen}: option ${key} must be ${check.exclusiveMin ? '>' : '>='} ${check.min} (got ${v})`);
  if (check.max !== undefined && (check.exclusiveMax ? v >= check.max : v > check.max))
    throw new UserError(`generator ${gen}: option ${key} must be ${check.exclusiveMax ? '<' : '<='} ${check.max} (got ${v})`);
  return v;
}

export function optBoolean(gen: string, opts: Record<string, unknown>, key: string): boolean | undefined {
  const v = opts[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new UserError(`generator ${gen}: option ${key} must be true or false (got ${JSON.stringify(v)})`);
  return v;
}

/** Validate a bounds option against the domain: numeric columns only, finite lo < hi. */
export function checkBounds(gen: string, domain: Domain, bounds: unknown): Bounds {
  if (bounds === undefined || bounds === null) return Object.create(null);
  if (typeof bounds !== 'object' || Array.isArray(bounds)) throw new UserError(`generator ${gen}: option bounds must be an object {column: [lo, hi]}`);
  const out: Bounds = Object.create(null); // keyed by column name: no inherited keys
  for (const [col, b] of Object.entries(bounds as Record<string, unknown>)) {
    const j = domain.index.get(col);
    if (j === undefined) throw new UserError(`generator ${gen}: bounds name a column that is not in the domain`, { column: col });
    if (domain.columns[j].kind !== 'numeric') throw new UserError(`generator ${gen}: bounds are only for numeric columns`, { column: col });
    if (!Array.isArray(b) || b.length !== 2 || !b.every((x) => typeof x === 'number' && Number.isFinite(x)) || !(b[0] < b[1]))
      throw new UserError(`generator ${gen}: bounds must be [lo, hi] with finite lo < hi (got ${JSON.stringify(b)})`, { column: col });
    out[col] = [b[0], b[1]];
  }
  return out;
}

/** The table a generator is fitted on must be encoded over the domain it was created with. */
export function checkSameDomain(gen: string, domain: Domain, data: Encoded): void {
  const d = data.domain;
  if (d === domain) return;
  const same = d.columns.length === domain.columns.length && d.columns.every((c, j) => c.name === domain.columns[j].name && c.nCodes === domain.columns[j].nCodes && c.kind === domain.columns[j].kind);
  if (!same) throw new UserError(`generator ${gen}: the table "${data.name}" is encoded over a different domain than the generator was created with`);
}

// ---------------------------------------------------------------------------------------------------------------
// Encoded -> Table

/**
 * Decode an encoded table to raw strings over the domain's columns: categorical codes to their level, numeric values
 * printed by JavaScript's shortest round-trip form; missing and unseen codes become null (missing).
 */
export function decodeTable(enc: Encoded, name: string): Table {
  const n = enc.n;
  const cells = enc.domain.columns.map((cd, j) => {
    const out = new Array<string | null>(n);
    const c = enc.codes[j];
    if (cd.kind === 'categorical') {
      const L = cd.levels.length;
      for (let i = 0; i < n; i++) out[i] = c[i] < L && c[i] >= 0 ? cd.levels[c[i]] : null;
    } else {
      const v = enc.values[j]!;
      for (let i = 0; i < n; i++) out[i] = Number.isNaN(v[i]) || c[i] === cd.missingCode ? null : String(v[i]);
    }
    return out;
  });
  return { name, columns: enc.domain.columns.map((c) => c.name), cells, nRows: n };
}

/** Re-derive the code of each numeric value (used after transformations that change values). */
export function recodeNumeric(e: Encoded, j: number): void {
  const cd = e.domain.columns[j];
  if (cd.kind !== 'numeric') return;
  const v = e.values[j]!;
  const c = e.codes[j];
  for (let i = 0; i < e.n; i++) c[i] = Number.isNaN(v[i]) ? cd.missingCode : binOf(cd.edges, v[i]);
}

/** A column model that merges rare codes (marginal-dp, aim): per model code, its member domain codes and their weights. */
export interface MergedCodes {
  members: number[][];
  memberWeights: number[][];
}

/** Per column and model code, the CDF over its members' weights (what decodeMerged draws from). */
export function memberCdfsOf(columns: readonly MergedCodes[]): Float64Array[][] {
  return columns.map((c) =>
    c.memberWeights.map((w) => {
      const F = Float64Array.from(w);
      toCdf(F, 0, F.length);
      return F;
    }),
  );
}

/**
 * Model codes -> the Domain's encoding: a merged code draws one of its member codes by weight (one 32-bit draw when it
 * has several members, none when one), then numeric cells get a value inside their bin.
 */
export function decodeMerged(domain: Domain, model: ArrayLike<number>[], columns: readonly MergedCodes[], memberCdfs: Float64Array[][], ranges: (BinRanges | null)[], n: number, name: string, rng: Rng): Encoded {
  const U = 2.3283064365386963e-10; // 2^-32
  const enc = emptyEncoded(domain, n, name);
  for (let j = 0; j < domain.columns.length; j++) {
    const members = columns[j].members;
    const mcdf = memberCdfs[j];
    const src = model[j];
    const dst = enc.codes[j];
    for (let i = 0; i < n; i++) {
      const ms = members[src[i]];
      dst[i] = ms.length === 1 ? ms[0] : ms[drawCdf(mcdf[src[i]], 0, ms.length, rng.nextU32() * U)];
    }
  }
  fillNumericValues(enc, ranges, rng);
  return enc;
}

/** A column's model codes after merging rare codes: original code -> model code (-1 = never generated), and back. */
export interface ColumnModel extends MergedCodes {
  /** Number of model codes. */
  k: number;
  /** Original code -> model code (-1 = never generated). */
  map: Int32Array;
}

/** A ColumnModel as a saved model file holds it. */
export interface SavedColumnModel {
  map: number[];
  members: number[][];
  memberWeights: number[][];
}

/**
 * The column model that keeps each code of `keep` on its own and merges the codes of `rare` into one cell (a lone rare
 * code stays on its own); both lists ascending. A merged cell's members are weighted by their noisy counts `y`
 * (clipped at 0; equal weights when all are 0).
 */
export function mergedColumnModel(y: ArrayLike<number>, keep: number[], rare: number[]): ColumnModel {
  keep = keep.slice();
  rare = rare.slice();
  if (rare.length === 1) keep.push(rare.pop()!), keep.sort((p, q) => p - q);
  const members = keep.map((k) => [k]);
  if (rare.length) members.push(rare);
  const map = new Int32Array(y.length).fill(-1);
  members.forEach((ms, m) => ms.forEach((k) => (map[k] = m)));
  const memberWeights = members.map((ms) => {
    if (ms.length === 1) return [1];
    const w = ms.map((k) => Math.max(0, y[k]));
    return w.some((x) => x > 0) ? w : ms.map(() => 1);
  });
  return { k: members.length, map, members, memberWeights };
}

/** Column models as a saved model file holds them. */
export function savedColumnModels(models: readonly ColumnModel[]): SavedColumnModel[] {
  return models.map((m) => ({ map: Array.from(m.map), members: m.members, memberWeights: m.memberWeights }));
}
