import { describe, it, expect } from 'vitest';
import { parseTable } from '../../src/table.js';
import { inferSchema, validateAgainst } from '../../src/schema.js';
import { buildDomain, encode, binOf, quantileSorted } from '../../src/domain.js';
import { prepare } from '../../src/prepare.js';
import { loadShared } from '../helpers/data.js';
import { userErrorOf } from '../helpers/errors.js';

const err = (f: () => unknown): string => userErrorOf(f).message;

const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

describe('kind inference', () => {
  it('numeric, categorical, integer-coded categorical and identifier-like columns', () => {
    const text = 'id,x,flag,colour,code\n' + rows(30, (i) => `${i + 1},${(i * 1.5).toFixed(1)},${i % 2},${['red', 'blue', 'green'][i % 3]},${'u' + i}`);
    const s = inferSchema(parseTable(text, 't.csv'));
    const k = Object.fromEntries(s.columns.map((c) => [c.name, c.kind]));
    expect(k).toEqual({ id: 'identifier', x: 'numeric', flag: 'categorical', colour: 'categorical', code: 'identifier' });
    expect(s.notices.filter((n) => n.includes('identifier-like'))).toHaveLength(2);
  });

  it('on Adult: 6 numeric and 9 categorical, no identifiers', () => {
    const s = inferSchema(loadShared('adult', 'train'));
    const numeric = s.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
    expect(numeric).toEqual(['age', 'fnlwgt', 'education_num', 'capital_gain', 'capital_loss', 'hours_per_week']);
    expect(s.columns.filter((c) => c.kind === 'categorical')).toHaveLength(9);
  });

  it('overrides win, and a bad override is a clear error', () => {
    const t = parseTable('a,b\n1,x\n2,y\n3,x\n', 'o.csv');
    const s = inferSchema(t, { kinds: { a: 'categorical' } });
    expect(s.columns[0].kind).toBe('categorical');
    expect(s.columns[0].source).toBe('override');
    expect(err(() => inferSchema(t, { kinds: { b: 'numeric' } }))).toBe('o.csv, column "b", row 1: declared numeric but has a non-numeric value (1 character: letters; value hidden)');
    expect(err(() => inferSchema(t, { kinds: { zz: 'numeric' } }))).toBe('o.csv, column "zz": kind override names a column that is not in the table');
  });

  it('all-missing column is an error naming file and column', () => {
    expect(err(() => inferSchema(parseTable('a,b\n1,\n2,\n', 'r.csv')))).toBe('r.csv, column "b": column is entirely missing in the real table; drop it or fill it');
  });
});

describe('cross-table validation', () => {
  const real = parseTable('a,b\n1,x\n2,y\n3,x\n4.5,y\n5,x\n6,z\n', 'real.csv');
  const schema = inferSchema(real);
  it('accepts the same columns in another order', () => {
    expect(() => validateAgainst(schema, parseTable('b,a\nx,1\n', 's.csv'), 'synthetic')).not.toThrow();
  });
  it('names a missing column, an extra column and a non-numeric cell', () => {
    expect(err(() => validateAgainst(schema, parseTable('a\n1\n', 's.csv'), 'synthetic'))).toBe('s.csv, column "b": the synthetic table has no column "b", which the real table has (schema mismatch)');
    expect(err(() => validateAgainst(schema, parseTable('a,b,c\n1,x,2\n', 'h.csv'), 'holdout'))).toBe('h.csv, column "c": the holdout table has a column the real table does not have (schema mismatch)');
    expect(err(() => validateAgainst(schema, parseTable('a,b\n1,x\nabc,y\n', 's.csv'), 'synthetic'))).toBe('s.csv, column "a", row 2: value "abc" is not numeric, but the column is numeric in the real table');
  });
  it('counts unseen categories instead of crashing', () => {
    const p = prepare(real, parseTable('a,b\n1,x\n2,w\n', 'h.csv'), parseTable('a,b\n1,q\n2,q\n3,x\n', 's.csv'));
    const j = p.domain.index.get('b')!;
    expect(p.holdout.unseenCounts[j]).toBe(1);
    expect(p.synthetic.unseenCounts[j]).toBe(2);
    expect(p.synthetic.unseenExamples[j]).toEqual(['q']);
    expect(p.notices.some((n) => n.includes('synthetic column "b": 2 of 3 cell(s)'))).toBe(true);
    // counts only: the holdout's unseen label (a real person's value) is not echoed
    expect(p.notices.some((n) => n.includes('holdout column "b": 1 of 2 cell(s)') && n.includes('labels hidden'))).toBe(true);
    expect(p.notices.join(' ')).not.toContain('"w"');
  });
});

describe('domain and encoding', () => {
  it('type-7 quantiles match numpy', () => {
    const s = Float64Array.from([1, 2, 3, 4, 10]);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 0.25)).toBe(2);
    expect(quantileSorted(s, 0.9)).toBeCloseTo(7.6, 12); // numpy.quantile([1,2,3,4,10], .9) = 7.6
  });

  it('right-closed bins with open outer edges', () => {
    const e = Float64Array.from([1, 2, 3]);
    expect([-5, 1, 1.5, 2, 3, 3.01, 99].map((x) => binOf(e, x))).toEqual([0, 0, 1, 1, 2, 3, 3]);
  });

  it('categorical codes: levels by frequency, then missing, then unseen; numeric bins + missing', () => {
    const real = parseTable('c,x\nb,1\na,2\nb,3\n,4\nb,\na,6\n', 'r.csv');
    const d = buildDomain(real, inferSchema(real, { kinds: { x: 'numeric' } }), { bins: 4 });
    const c = d.columns[0];
    expect(c.kind).toBe('categorical');
    if (c.kind !== 'categorical') return;
    expect(c.levels).toEqual(['b', 'a']);
    expect([c.missingCode, c.unseenCode, c.nCodes]).toEqual([2, 3, 4]);
    const x = d.columns[1];
    if (x.kind !== 'numeric') throw new Error('x should be numeric');
    // values 1,2,3,4,6: type-7 quartiles 2, 3, 4 -> edges [2,3,4], 4 bins
    expect(Array.from(x.edges)).toEqual([2, 3, 4]);
    expect(x.min).toBe(1);
    expect(x.max).toBe(6);
    expect(x.mean).toBeCloseTo(3.2, 12);
    const enc = encode(parseTable('c,x\na,1\nzz,2.5\n,\nb,100\n', 's.csv'), d);
    expect(Array.from(enc.codes[0])).toEqual([1, 3, 2, 0]);
    expect(Array.from(enc.codes[1])).toEqual([0, 1, x.missingCode, 3]);
    expect(Number.isNaN(enc.values[1]![2])).toBe(true);
    expect(enc.values[0]).toBeNull();
  });

  it('a heavily tied column (Adult capital_gain) gets deduplicated edges and keeps all real rows inside the bins', () => {
    const real = loadShared('adult', 'train');
    const s = inferSchema(real);
    const d = buildDomain(real, s);
    const j = d.index.get('capital_gain')!;
    const cd = d.columns[j];
    if (cd.kind !== 'numeric') throw new Error('numeric expected');
    expect(cd.nBins).toBeLessThan(20);
    for (let k = 1; k < cd.edges.length; k++) expect(cd.edges[k]).toBeGreaterThan(cd.edges[k - 1]);
    const enc = encode(real, d);
    const counts = new Array(cd.nCodes).fill(0);
    for (const c of enc.codes[j]) counts[c]++;
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(real.nRows);
    expect(counts[cd.missingCode]).toBe(0);
    // the domain comes from the real table only: a holdout encodes with the same edges
    const h = encode(loadShared('adult', 'holdout'), d);
    expect(h.codes[j].length).toBe(16281);
  });
});
