// The identity and independent generators: real rows with/without replacement; exact or noisy 1-way marginals, no
// association; the Gaussian noise actually added matches the accounting; store/load gives identical samples.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng.js';
import { createGenerator, loadGenerator } from '../../src/generators/index.js';
import { IndependentGenerator } from '../../src/generators/independent.js';
import { muToAdvantage, gdpEpsilon, gdpMu } from '../../src/dp.js';
import { UserError } from '../../src/errors.js';
import { adultSample, counts, expectSameEncoded, expectValidSample, germanTrain, meanTvd, sampleVariance, tvd1, tvd2 } from './util.js';

const rowKey = (e: { codes: Int32Array[]; values: (Float64Array | null)[] }, i: number) => e.codes.map((c, j) => (e.values[j] ? e.values[j]![i] : c[i])).join('|');

describe('identity', () => {
  it('without replacement returns distinct real rows; with replacement when more rows are asked for', () => {
    const data = germanTrain();
    const g = createGenerator({ name: 'identity' }, data.domain).fit(data, new Rng(1));
    expect(g.claim().kind).toBe('none');
    const real = new Map<string, number>();
    for (let i = 0; i < data.n; i++) real.set(rowKey(data, i), (real.get(rowKey(data, i)) ?? 0) + 1);
    const s = g.sample(300, new Rng(2));
    const used = new Map<string, number>();
    for (let i = 0; i < s.n; i++) {
      const k = rowKey(s, i);
      expect(real.has(k)).toBe(true);
      used.set(k, (used.get(k) ?? 0) + 1);
    }
    for (const [k, c] of used) expect(c).toBeLessThanOrEqual(real.get(k)!);
    // all rows: a permutation of the training table
    const all = g.sample(data.n, new Rng(3));
    expect(meanTvd(all, data).two).toBeLessThan(1e-12);
    const more = g.sample(data.n * 2, new Rng(4));
    expect(more.n).toBe(data.n * 2);
    expect(() => createGenerator({ name: 'identity', options: { replace: false } }, data.domain).fit(data, new Rng(1)).sample(data.n + 1, new Rng(1))).toThrow(UserError);
  });

  it('store/load gives identical samples', () => {
    const data = germanTrain();
    const g = createGenerator({ name: 'identity', options: { replace: true } }, data.domain).fit(data, new Rng(1));
    const h = loadGenerator(JSON.parse(JSON.stringify(g.toJSON())), data.domain);
    expectSameEncoded(g.sample(500, new Rng(8)), h.sample(500, new Rng(8)));
  });
});

describe('independent', () => {
  it('without noise: 1-way marginals as the real table, numeric values are real values, associations lost', () => {
    const data = adultSample(3000);
    const g = createGenerator({ name: 'independent' }, data.domain).fit(data, new Rng(1));
    expect(g.claim().kind).toBe('none');
    const s = g.sample(30000, new Rng(2));
    expectValidSample(s, data.domain);
    const d = data.domain.columns.length;
    // 1-way TVD at the level of sampling noise, 2-way clearly worse for associated pairs
    for (let j = 0; j < d; j++) expect(tvd1(s, data, j)).toBeLessThan(0.03);
    const sex = data.domain.index.get('sex')!;
    const rel = data.domain.index.get('relationship')!;
    expect(tvd2(s, data, sex, rel)).toBeGreaterThan(0.2);
    // resampled numeric values are values of the real column
    const age = data.domain.index.get('age')!;
    const realAges = new Set(Array.from(data.values[age]!));
    for (let i = 0; i < 1000; i++) expect(realAges.has(s.values[age]![i])).toBe(true);
  });

  it('with a budget the noise on the 1-way counts has the variance the accounting implies (sigma^2 = d / mu^2)', () => {
    const data = germanTrain();
    const d = data.domain.columns.length;
    const rho = 0.5;
    const truth = data.domain.columns.map((_, j) => counts(data, j));
    const diffs: number[] = [];
    let sigma = 0;
    for (let seed = 0; seed < 150; seed++) {
      const g = createGenerator({ name: 'independent', options: { rho } }, data.domain).fit(data, new Rng(seed)) as IndependentGenerator;
      sigma = g.sigma!;
      g.lastNoisy!.forEach((y, j) => y.forEach((v, k) => Number.isNaN(v) || diffs.push(v - truth[j][k])));
    }
    // mu = sqrt(2 rho) over d count vectors of sensitivity 1 => sigma^2 = d / (2 rho)
    expect(sigma * sigma).toBeCloseTo(d / (2 * rho), 9);
    const { mean, variance } = sampleVariance(diffs);
    const m = diffs.length;
    expect(Math.abs(variance / (sigma * sigma) - 1)).toBeLessThan(6 * Math.sqrt(2 / m));
    expect(Math.abs(mean)).toBeLessThan(6 * sigma / Math.sqrt(m));
  });

  it('claims: epsilon -> exact GDP mu; risk -> advantage; rho -> mu = sqrt(2 rho)', () => {
    const dom = germanTrain().domain;
    const a = createGenerator({ name: 'independent', options: { epsilon: 1, delta: 1e-6 } }, dom).claim();
    expect(a.kind).toBe('dp');
    if (a.kind !== 'dp') return;
    expect(a.mu).toBeCloseTo(gdpMu(1, 1e-6), 12);
    expect(a.epsilon).toBe(1);
    expect(a.rho).toBeCloseTo(a.mu! ** 2 / 2, 14);
    expect(a.maxAdvantage).toBeCloseTo(muToAdvantage(a.mu!), 14);
    const b = createGenerator({ name: 'independent', options: { risk: 0.1 } }, dom).claim();
    if (b.kind !== 'dp') throw new Error('expected dp');
    expect(b.maxAdvantage).toBe(0.1);
    expect(muToAdvantage(b.mu!)).toBeCloseTo(0.1, 12);
    expect(b.epsilon).toBeCloseTo(gdpEpsilon(b.mu!, 1e-5), 12);
    expect(() => createGenerator({ name: 'independent', options: { numeric: 'resample', epsilon: 1 } }, dom)).toThrow(UserError);
    expect(() => createGenerator({ name: 'independent', options: { epsilon: 1, risk: 0.1 } }, dom)).toThrow(/one of epsilon, risk or rho/);
    expect(() => createGenerator({ name: 'independent', options: { epsilonn: 1 } }, dom)).toThrow(/unknown option/);
  });

  it('DP samples stay in the domain and store/load reproduces them', () => {
    const data = adultSample(2000);
    const g = createGenerator({ name: 'independent', options: { epsilon: 1 } }, data.domain).fit(data, new Rng(3));
    const s = g.sample(2000, new Rng(4));
    expectValidSample(s, data.domain);
    const h = loadGenerator(JSON.parse(JSON.stringify(g.toJSON())), data.domain);
    expectSameEncoded(s, h.sample(2000, new Rng(4)));
    const g2 = createGenerator({ name: 'independent', options: { epsilon: 1 } }, data.domain).fit(data, new Rng(3));
    expectSameEncoded(s, g2.sample(2000, new Rng(4)));
  });
});
