// Shared generator machinery: values decoded inside their bin, structural zeros, simplex projection, decodeTable,
// Domain JSON round trip, the DP-safe domain and private bounds.
import { describe, expect, it } from 'vitest';
import { binOf, buildDomain, encode, type NumericDomain } from '../../src/domain.js';
import { inferSchema } from '../../src/schema.js';
import { Rng } from '../../src/rng.js';
import { allowedCodes, decodeTable, nextDown, numericBinRanges, projectSimplex, sampleValueInBin, type DensityDomain } from '../../src/generators/common.js';
import { buildDpDomain, domainFromJSON, domainToJSON, numericDomainFromEdges, privateBounds, uniformNumericDomain } from '../../src/generators/dp-domain.js';
import { encodeTable } from '../../src/generators/index.js';
import { UserError } from '../../src/errors.js';
import { loadShared } from '../helpers/data.js';
import { tableOf } from './util.js';

function numericDomain(values: (string | null)[], name = 'x') {
  const t = tableOf({ [name]: values });
  const d = buildDomain(t, inferSchema(t, { kinds: { [name]: 'numeric' } }), { bins: 4 });
  return { t, d, cd: d.columns[0] as NumericDomain };
}

describe('values inside bins', () => {
  it('integer column: first bin closed at min, others (lo, hi]; every draw re-encodes to its bin', () => {
    const vals = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '20', null];
    const { cd } = numericDomain(vals);
    expect(cd.isInteger).toBe(true);
    const r = numericBinRanges(cd);
    expect(r.closedLo[0]).toBe(1);
    expect(r.intLo[0]).toBe(1); // min = 1 is inside bin 0
    expect(r.intHi[cd.nBins - 1]).toBe(20);
    const rng = new Rng(3);
    const seen = new Set<number>();
    for (let b = 0; b < cd.nBins; b++)
      for (let t = 0; t < 200; t++) {
        const x = sampleValueInBin(r, b, rng);
        expect(Number.isInteger(x)).toBe(true);
        expect(binOf(cd.edges, x)).toBe(b);
        expect(x >= 1 && x <= 20).toBe(true);
        seen.add(x);
      }
    // every integer 1..20 is reachable
    expect(seen.size).toBe(20);
  });

  it('an integer column bin holding no integer is a structural zero', () => {
    const cd: NumericDomain = { ...uniformNumericDomain('x', 0, 10, true, 40), isInteger: true };
    const r = numericBinRanges(cd);
    const a = allowedCodes(cd, r);
    let empty = 0;
    for (let b = 0; b < cd.nBins; b++) {
      if (!a[b]) empty++;
      expect(a[b]).toBe(r.intLo[b] <= r.intHi[b] ? 1 : 0);
    }
    // 11 integers 0..10 in 11 one-per-integer bins (integer range <= bins): none empty
    expect(empty).toBe(0);
    const wide = uniformNumericDomain('y', 0, 10, false, 40);
    const narrow: NumericDomain = { ...wide, isInteger: true };
    const a2 = allowedCodes(narrow, numericBinRanges(narrow));
    // 40 bins of width 0.25 over [0, 10]: bin 0 = [0, 0.25] holds 0, then only bins ending on an integer hold one
    let allowed = 0;
    for (let b = 0; b < narrow.nBins; b++) allowed += a2[b];
    expect(allowed).toBe(11);
    expect(a2[narrow.missingCode]).toBe(1);
  });

  it('continuous column: uniform inside the bin, compact, bounded by user bounds on the outer bins', () => {
    const vals = Array.from({ length: 50 }, (_, i) => String(i * 0.731 + 3));
    const { cd } = numericDomain(vals);
    const r = numericBinRanges(cd, [0, 100]);
    expect(r.lo[0]).toBe(0);
    expect(r.hi[cd.nBins - 1]).toBe(100);
    const rng = new Rng(9);
    let top = 0;
    for (let t = 0; t < 2000; t++) {
      const x = sampleValueInBin(r, cd.nBins - 1, rng);
      expect(binOf(cd.edges, x)).toBe(cd.nBins - 1);
      expect(x).toBeLessThanOrEqual(100);
      expect(String(x).replace(/^-?\d*\.?/, '').length).toBeLessThanOrEqual(12);
      if (x > 60) top++;
    }
    // uniform over (edge, 100]: more than half of the draws above 60
    expect(top / 2000).toBeGreaterThan((100 - 60) / (100 - cd.edges[cd.edges.length - 1]) - 0.05);
  });
});

describe('values inside bins with a density (DP domains)', () => {
  it('integer column: draws follow the cell masses inside the bin; a point-mass bin (v - 1, v] gives v; empty cells are never drawn', () => {
    // cells: {0} mass 90, (0, 5] mass 10 (5 integers), (5, 10] mass 0; bins [0, 0], (0, 4], (4, 10]
    const upper = Float64Array.from([0, 5, 10]);
    const cd = numericDomainFromEdges('x', 0, 10, true, Float64Array.from([0, 4]), { lo: 0, upper, mass: Float64Array.from([90, 10, 0]) });
    const r = numericBinRanges(cd);
    const rng = new Rng(5);
    for (let t = 0; t < 100; t++) expect(sampleValueInBin(r, 0, rng)).toBe(0);
    const seen1 = new Set<number>();
    for (let t = 0; t < 400; t++) {
      const x = sampleValueInBin(r, 1, rng);
      expect(binOf(cd.edges, x)).toBe(1);
      seen1.add(x);
    }
    expect([...seen1].sort()).toEqual([1, 2, 3, 4]);
    // bin (4, 10] overlaps cell (0, 5] in {5} only (weight 10 / 5) and the massless cell (5, 10]: always 5
    for (let t = 0; t < 100; t++) expect(sampleValueInBin(r, 2, rng)).toBe(5);
    // a bin with no mass at all falls back to uniform
    const cd0 = numericDomainFromEdges('y', 0, 10, true, Float64Array.from([4]), { lo: 0, upper, mass: Float64Array.from([0, 0, 0]) });
    const r0 = numericBinRanges(cd0);
    const seen = new Set<number>();
    for (let t = 0; t < 600; t++) seen.add(sampleValueInBin(r0, 1, rng));
    expect([...seen].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('real column: the one-value cell (nextDown(0), 0] decodes to exactly 0, the mass elsewhere follows the cells', () => {
    const z = nextDown(0);
    expect(z).toBe(-Number.MIN_VALUE);
    expect(nextDown(1)).toBeLessThan(1);
    expect((1 + nextDown(1)) / 2 === 1 || (1 + nextDown(1)) / 2 === nextDown(1)).toBe(true);
    // cells [-1, z], (z, 0], (0, 1], (1, 2] with masses 0, 80, 20, 0; bins [-1, z], (z, 0], (0, 2]
    const upper = Float64Array.from([z, 0, 1, 2]);
    const cd = numericDomainFromEdges('v', -1, 2, false, Float64Array.from([z, 0]), { lo: -1, upper, mass: Float64Array.from([0, 80, 20, 0]) });
    expect(cd.labels).toEqual([`(-inf, ${(z).toPrecision(4)}]`, '{0}', '(0, +inf)', '(missing)']);
    const r = numericBinRanges(cd);
    const rng = new Rng(6);
    for (let t = 0; t < 100; t++) expect(Object.is(sampleValueInBin(r, 1, rng), 0)).toBe(true);
    for (let t = 0; t < 300; t++) {
      const x = sampleValueInBin(r, 2, rng);
      expect(x > 0 && x <= 1).toBe(true);
    }
    // without a density the same one-value bin still decodes to 0
    const plain = numericBinRanges(numericDomainFromEdges('v', -1, 2, false, Float64Array.from([z, 0])));
    for (let t = 0; t < 50; t++) expect(Object.is(sampleValueInBin(plain, 1, rng), 0)).toBe(true);
  });
});

describe('small helpers', () => {
  it('simplex projection: non-negative, right total, identity on points already inside', () => {
    const p = projectSimplex([5, -2, 1, 0.5], 4);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 12);
    for (const x of p) expect(x).toBeGreaterThanOrEqual(0);
    expect(Array.from(projectSimplex([1, 2, 3], 6))).toEqual([1, 2, 3]);
    // worked by hand: v = [3, 1], total 2 -> theta = 1 -> [2, 0]
    expect(Array.from(projectSimplex([3, 1], 2))).toEqual([2, 0]);
  });

  it('decodeTable prints levels and numbers, missing and unseen become null; encodeTable round-trips', () => {
    const t = tableOf({ c: ['a', 'b', null, 'a', 'b', 'a'], x: ['1.5', '2', '3.25', null, '10', '7'] });
    const d = buildDomain(t, inferSchema(t, { kinds: { x: 'numeric' } }));
    const e = encodeTable(t, d);
    const back = decodeTable(e, 'back');
    expect(back.columns).toEqual(['c', 'x']);
    expect(back.cells[0]).toEqual(t.cells[0]);
    expect(back.cells[1]).toEqual(t.cells[1]);
    const other = encode(tableOf({ c: ['zzz', 'a'], x: ['1', '2'] }), d);
    expect(other.codes[0][0]).toBe((d.columns[0] as any).unseenCode);
    expect(decodeTable(other, 'o').cells[0]).toEqual([null, 'a']);
  });
});

describe('domain JSON and the DP-safe domain', () => {
  it('domainToJSON -> JSON text -> domainFromJSON encodes every table identically', () => {
    const t = loadShared('german_credit', 'train');
    const d = buildDomain(t, inferSchema(t));
    const d2 = domainFromJSON(JSON.parse(JSON.stringify(domainToJSON(d))));
    const a = encode(t, d);
    const b = encode(t, d2);
    a.codes.forEach((c, j) => expect(Array.from(b.codes[j])).toEqual(Array.from(c)));
    expect(d2.columns.map((c) => c.labels)).toEqual(d.columns.map((c) => c.labels));
  });

  it('private bounds: the noisy power-of-two histogram brackets the data, widened one octave outward but not across 0', () => {
    // 17..90 fill the octaves [16, 32), [32, 64), [64, 128) far above ln(B/0.01)/1 ~ 9.7; widened to [8, 256]
    const vals = Float64Array.from({ length: 5000 }, (_, i) => 17 + (i % 74));
    expect(privateBounds(vals, 1, new Rng(1), true)).toEqual([8, 256]);
    // -3 .. 3 by 0.5: outermost octaves [-4, -2) and [2, 4), widened to [-8, 8]
    const neg = Float64Array.from({ length: 5000 }, (_, i) => -3 + (i % 13) * 0.5);
    expect(privateBounds(neg, 1, new Rng(2), false)).toEqual([-8, 8]);
    // 90% exact zeros and values 100..199: the zero bucket is the lowest, so the lower bound stays 0; [128, 256) -> 512
    const zeros = Float64Array.from({ length: 5000 }, (_, i) => (i % 10 ? 0 : 100 + (i % 100)));
    expect(privateBounds(zeros, 1, new Rng(3), true)).toEqual([0, 512]);
    expect(privateBounds(Float64Array.from([1, 2, 3]), 0.01, new Rng(3), true)).toBeNull();
  });

  it('buildDpDomain: sorted levels without counts, private bin edges, every mechanism listed with its epsilon', () => {
    const t = loadShared('german_credit', 'train');
    const schema = inferSchema(t);
    const numeric = schema.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
    expect(numeric).toEqual(['duration', 'credit_amount', 'age']);
    const r = buildDpDomain(t, schema, { bounds: { age: [18, 80] }, procEpsilon: 0.5, rng: new Rng(4) });
    // 3 paying columns, 0.5/3 each: bounds + bins (half each) for duration and credit_amount, bins only for age
    const epsC = 0.5 / 3;
    expect(r.mechanisms.map((m) => [m.column, m.step])).toEqual([
      ['duration', 'bounds'],
      ['duration', 'bins'],
      ['credit_amount', 'bounds'],
      ['credit_amount', 'bins'],
      ['age', 'bins'],
    ]);
    const want = [epsC / 2, epsC / 2, epsC / 2, epsC / 2, epsC];
    r.procEpsilons.forEach((e, k) => expect(e).toBeCloseTo(want[k], 15));
    expect(r.procEpsilons.reduce((a, b) => a + b, 0)).toBeCloseTo(0.5, 14);
    expect(r.bounds.age).toEqual({ lo: 18, hi: 80, source: 'user' });
    const age = r.domain.columns[r.domain.index.get('age')!] as DensityDomain;
    expect(age.min).toBe(18);
    expect(age.max).toBe(80);
    // integer edges inside [18, 80), strictly increasing, at most bins + point masses of them, each bin holding an integer
    const edges = Array.from(age.edges);
    expect(edges.length).toBeGreaterThanOrEqual(5);
    for (let k = 0; k < edges.length; k++) {
      expect(Number.isInteger(edges[k]) && edges[k] >= 18 && edges[k] < 80).toBe(true);
      if (k) expect(edges[k]).toBeGreaterThan(edges[k - 1]);
    }
    expect(age.density!.upper.length).toBe(63); // one cell per integer 18..80
    expect(age.density!.upper[62]).toBe(80);
    for (const cd of r.domain.columns) {
      if (cd.kind !== 'categorical') continue;
      expect(cd.levels).toEqual([...cd.levels].sort());
      expect(cd.counts.every((c) => c === 0)).toBe(true);
    }
    // the data is inside the bounds or clamped into the outer bins
    const e = encode(t, r.domain);
    expect(e.n).toBe(t.nRows);
    expect(() => buildDpDomain(t, schema, { bounds: { purpose: [0, 1] }, rng: new Rng(1) })).toThrow(UserError);
    // user bounds holding <= bins integers: one bin per integer, no mechanism for that column
    const r2 = buildDpDomain(t, schema, { bounds: { age: [18, 80], duration: [1, 20] }, procEpsilon: 0.5, rng: new Rng(4) });
    expect(r2.mechanisms.map((m) => m.column)).toEqual(['credit_amount', 'credit_amount', 'age']);
    expect((r2.domain.columns[r2.domain.index.get('duration')!] as NumericDomain).nBins).toBe(20);
  });

  it('an integer column with few values gets one bin per integer', () => {
    const cd = uniformNumericDomain('k', 1, 4, true, 20);
    expect(Array.from(cd.edges)).toEqual([1.5, 2.5, 3.5]);
    expect(cd.nBins).toBe(4);
  });
});
