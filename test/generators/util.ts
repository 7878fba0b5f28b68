// Test helpers for generators: encoded fixtures, TVD over codes (docs/definitions.md#tvd), and the invariants every sample must keep.
import { expect } from 'vitest';
import { binOf, buildDomain, encode, type Domain, type Encoded } from '../../src/domain.js';
import { inferSchema } from '../../src/schema.js';
import type { Table } from '../../src/table.js';
import { loadShared, subsample } from '../helpers/data.js';
import { Rng } from '../../src/rng.js';

export function encodeShared(t: Table, kinds?: Record<string, 'numeric' | 'categorical' | 'identifier'>): Encoded {
  const domain = buildDomain(t, inferSchema(t, { kinds }));
  return encode(t, domain);
}

let german: Encoded | null = null;
export function germanTrain(): Encoded {
  return (german ??= encodeShared(loadShared('german_credit', 'train')));
}

const adultCache = new Map<number, Encoded>();
export function adultSample(n: number, seed = 1): Encoded {
  if (!adultCache.has(n)) adultCache.set(n, encodeShared(subsample(loadShared('adult', 'train'), n, seed)));
  return adultCache.get(n)!;
}

/** A categorical-only table built from columns of codes/labels. */
export function tableOf(columns: Record<string, (string | null)[]>, name = 'fixture'): Table {
  const cols = Object.keys(columns);
  return { name, columns: cols, cells: cols.map((c) => columns[c]), nRows: columns[cols[0]].length };
}

export function counts(e: Encoded, j: number): Float64Array {
  const c = new Float64Array(e.domain.columns[j].nCodes);
  for (let i = 0; i < e.n; i++) c[e.codes[j][i]]++;
  return c;
}

export function tvd1(a: Encoded, b: Encoded, j: number): number {
  const pa = counts(a, j);
  const pb = counts(b, j);
  let s = 0;
  for (let k = 0; k < pa.length; k++) s += Math.abs(pa[k] / a.n - pb[k] / b.n);
  return s / 2;
}

export function tvd2(a: Encoded, b: Encoded, j: number, k: number): number {
  const K = a.domain.columns[k].nCodes;
  const m = new Map<number, number>();
  for (let i = 0; i < a.n; i++) {
    const c = a.codes[j][i] * K + a.codes[k][i];
    m.set(c, (m.get(c) ?? 0) + 1 / a.n);
  }
  for (let i = 0; i < b.n; i++) {
    const c = b.codes[j][i] * K + b.codes[k][i];
    m.set(c, (m.get(c) ?? 0) - 1 / b.n);
  }
  let s = 0;
  for (const v of m.values()) s += Math.abs(v);
  return s / 2;
}

export function meanTvd(a: Encoded, b: Encoded): { one: number; two: number } {
  const d = a.domain.columns.length;
  let one = 0;
  let two = 0;
  let pairs = 0;
  for (let j = 0; j < d; j++) {
    one += tvd1(a, b, j);
    for (let k = j + 1; k < d; k++) {
      two += tvd2(a, b, j, k);
      pairs++;
    }
  }
  return { one: one / d, two: two / pairs };
}

/**
 * Every sample: codes inside the domain, no 'unseen' codes unless allowed, numeric values inside [lo, hi] and inside the
 * bin their code names (binOf(value) = code), integer columns integer, missing code <=> NaN.
 */
export function expectValidSample(e: Encoded, domain: Domain, opts: { allowUnseen?: boolean; bounds?: Record<string, [number, number]> } = {}): void {
  expect(e.domain).toBe(domain);
  expect(e.codes.length).toBe(domain.columns.length);
  domain.columns.forEach((cd, j) => {
    const c = e.codes[j];
    expect(c.length).toBe(e.n);
    for (let i = 0; i < e.n; i++) {
      if (c[i] < 0 || c[i] >= cd.nCodes) throw new Error(`column ${cd.name} row ${i}: code ${c[i]} outside [0, ${cd.nCodes})`);
      if (cd.kind === 'categorical' && !opts.allowUnseen && c[i] === cd.unseenCode) throw new Error(`column ${cd.name} row ${i}: unseen code generated`);
    }
    if (cd.kind === 'numeric') {
      const v = e.values[j]!;
      const [lo, hi] = opts.bounds?.[cd.name] ?? [cd.min, cd.max];
      for (let i = 0; i < e.n; i++) {
        if (c[i] === cd.missingCode) {
          if (!Number.isNaN(v[i])) throw new Error(`column ${cd.name} row ${i}: missing code with value ${v[i]}`);
          continue;
        }
        const x = v[i];
        if (!(x >= Math.min(lo, cd.edges[0] ?? lo) && x <= Math.max(hi, cd.edges[cd.edges.length - 1] ?? hi))) throw new Error(`column ${cd.name} row ${i}: value ${x} outside [${lo}, ${hi}]`);
        if (binOf(cd.edges, x) !== c[i]) throw new Error(`column ${cd.name} row ${i}: value ${x} is not in bin ${c[i]}`);
        if (cd.isInteger && !Number.isInteger(x)) throw new Error(`column ${cd.name} row ${i}: integer column got ${x}`);
      }
    } else expect(e.values[j]).toBeNull();
  });
}

export function expectSameEncoded(a: Encoded, b: Encoded): void {
  expect(a.n).toBe(b.n);
  a.codes.forEach((c, j) => expect(Array.from(c)).toEqual(Array.from(b.codes[j])));
  a.values.forEach((v, j) => {
    if (v === null) expect(b.values[j]).toBeNull();
    else expect(Array.from(v).map(String)).toEqual(Array.from(b.values[j]!).map(String));
  });
}

export function sampleVariance(x: number[]): { mean: number; variance: number } {
  const n = x.length;
  let s = 0;
  for (const v of x) s += v;
  const mean = s / n;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  return { mean, variance: ss / (n - 1) };
}

/** A -> B -> C chain (each copies the previous column with probability `copy`), D independent; 4 levels each, encoded. */
export function chainTable(n: number, seed: number, copy: number): Encoded {
  const rng = new Rng(seed);
  const L = ['p', 'q', 'r', 's'];
  const cols: Record<string, string[]> = { A: [], B: [], C: [], D: [] };
  for (let i = 0; i < n; i++) {
    const a = rng.int(4);
    const b = rng.random() < copy ? a : rng.int(4);
    const c = rng.random() < copy ? b : rng.int(4);
    cols.A.push(L[a]);
    cols.B.push(L[b]);
    cols.C.push(L[c]);
    cols.D.push(L[rng.int(4)]);
  }
  const t = tableOf(cols);
  return encode(t, buildDomain(t, inferSchema(t)));
}
