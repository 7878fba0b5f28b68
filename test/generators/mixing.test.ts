// mixing (RMD-Mix as read in docs/rmd-mix.md): blocks of a synthetic row come from rows of distinct subsets, categorical
// blocks are copies of real rows, numeric columns are rescaled to the noisy aggregates, no DP is claimed, store/load reproduces samples.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng.js';
import { buildDomain, encode } from '../../src/domain.js';
import { inferSchema } from '../../src/schema.js';
import { createGenerator, loadGenerator } from '../../src/generators/index.js';
import { adultSample, expectSameEncoded, expectValidSample, tableOf } from './util.js';

describe('mixing', () => {
  it('each synthetic row takes its attribute blocks from rows of different subsets', () => {
    const n = 60;
    const ids = Array.from({ length: n }, (_, i) => `r${i}`);
    const t = tableOf({ a: ids, b: ids, c: ids });
    const kinds = { a: 'categorical', b: 'categorical', c: 'categorical' } as const;
    const data = encode(t, buildDomain(t, inferSchema(t, { kinds })));
    const g = createGenerator({ name: 'mixing', options: { subsets: 3, blocks: 3, jitter: 0 } }, data.domain).fit(data, new Rng(1));
    const st = g.toJSON().state as { rows: { codes: number[][] }; starts: number[]; blocks: number[][] };
    expect(st.blocks.map((b) => b.length)).toEqual([1, 1, 1]);
    // position of each original row in the shuffled table -> its subset
    const subsetOf = new Map<number, number>();
    st.rows.codes[0].forEach((code, pos) => {
      let s = 0;
      while (pos >= st.starts[s + 1]) s++;
      subsetOf.set(code, s);
    });
    const s = g.sample(500, new Rng(2));
    for (let i = 0; i < s.n; i++) {
      const subs = [0, 1, 2].map((j) => subsetOf.get(s.codes[j][i])!);
      expect(new Set(subs).size).toBe(3);
    }
  });

  it('categorical blocks are copies of real rows; numeric columns rescaled to the noisy mean; samples valid; claim none', () => {
    const data = adultSample(3000);
    const g = createGenerator({ name: 'mixing', options: { epsilon: 1000 } }, data.domain).fit(data, new Rng(3));
    expect(g.claim().kind).toBe('none');
    const s = g.sample(3000, new Rng(4));
    expectValidSample(s, data.domain);
    const st = g.toJSON().state as { blocks: number[][]; noisy: ([number, number] | null)[] };
    const cols = data.domain.columns;
    for (const block of st.blocks) {
      const cat = block.filter((j) => cols[j].kind === 'categorical');
      if (cat.length < 2) continue;
      const seen = new Set<string>();
      for (let i = 0; i < data.n; i++) seen.add(cat.map((j) => data.codes[j][i]).join(','));
      for (let i = 0; i < s.n; i++) expect(seen.has(cat.map((j) => s.codes[j][i]).join(','))).toBe(true);
    }
    const age = data.domain.index.get('age')!;
    const v = Array.from(s.values[age]!).filter((x) => !Number.isNaN(x));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const real = Array.from(data.values[age]!).filter((x) => !Number.isNaN(x));
    const realMean = real.reduce((a, b) => a + b, 0) / real.length;
    // epsilon 1000: the noisy mean is the real mean to ~0.01; rounding to integers moves the mean by < 0.5
    expect(Math.abs(st.noisy[age]![0] - realMean)).toBeLessThan(0.05);
    expect(Math.abs(mean - st.noisy[age]![0])).toBeLessThan(0.5);
  });

  it('same seed and store/load give identical samples; a risk target is refused', () => {
    const data = adultSample(1000);
    const g = createGenerator({ name: 'mixing' }, data.domain).fit(data, new Rng(5));
    const a = g.sample(800, new Rng(6));
    expectSameEncoded(a, createGenerator({ name: 'mixing' }, data.domain).fit(data, new Rng(5)).sample(800, new Rng(6)));
    expectSameEncoded(a, loadGenerator(JSON.parse(JSON.stringify(g.toJSON())), data.domain).sample(800, new Rng(6)));
    expect(() => createGenerator({ name: 'mixing', options: { risk: 0.1 } }, data.domain)).toThrow(/no privacy guarantee/);
  });
});
