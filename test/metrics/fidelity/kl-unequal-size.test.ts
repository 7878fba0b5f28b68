// Issue 14 item 3: KL of identical distributions of unequal size is exactly 0 (smoothing on a common scale).
import { describe, expect, test } from 'vitest';
import { klSmoothed } from '../../../metrics/fidelity/divergence.js';
import { fidelity } from '../../../metrics/fidelity/index.js';
import { makeCtx, tableOf } from './ctx.js';

describe('KL smoothing on a common scale', () => {
  test('same proportions, different sizes: exactly 0 (1-way counts)', () => {
    const p = [5, 2, 0, 0, 3, 2, 0];
    for (const m of [2, 3, 7, 10]) {
      const q = p.map((c) => c * m);
      expect(klSmoothed(p, q, 0.5)).toBe(0);
      expect(klSmoothed(q, p, 0.5)).toBe(0);
      expect(klSmoothed(q, p, 1)).toBe(0);
    }
  });

  test('alpha is a pseudo-count per cell at the smaller table size: equal sizes keep "alpha added to every count"', () => {
    const p = [1, 1, 0];
    const q = [2, 0, 0];
    const want = (1.5 * Math.log(1.5 / 2.5) + 1.5 * Math.log(1.5 / 0.5)) / 3.5;
    expect(klSmoothed(p, q, 0.5)).toBeCloseTo(want, 14);
    // q twice as large: q's proportions are unchanged, so the value is unchanged
    expect(klSmoothed(p, [4, 0, 0], 0.5)).toBeCloseTo(want, 14);
    // p twice as large (the larger table): the same pseudo-probability 0.5 / 2 per cell on both sides
    expect(klSmoothed([2, 2, 0], q, 0.5)).toBeCloseTo(want, 14);
  });

  test('a table with total 0 has no distribution: NaN', () => {
    expect(klSmoothed([0, 0], [1, 5], 0.5)).toBeNaN();
  });

  test('fidelity: synthetic = train twice gives KL exactly 0, 1-way and pairs (as TVD, JS and Hellinger do)', () => {
    const n = 60;
    const cols = {
      a: Array.from({ length: n }, (_, i) => ['x', 'y', 'z'][i % 3]),
      b: Array.from({ length: n }, (_, i) => ['u', 'v'][(i * 7) % 5 === 0 ? 0 : 1]),
      c: Array.from({ length: n }, (_, i) => (i * 13) % 41),
      d: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : (i * 17) % 23)),
    };
    const real = tableOf('real', cols);
    const twice = tableOf('synthetic', Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, [...v, ...v]])));
    const holdout = tableOf('holdout', Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice(0, 40)])));
    const r = fidelity(makeCtx(real, holdout, twice, 3, {}, { kinds: { c: 'numeric', d: 'numeric' } }), { bootstrap: 0, bootstrapPairs: 0, pmse: false });
    for (const c of r.columns) {
      expect(c.tvd.value, c.name).toBe(0);
      expect(c.kl.value, c.name).toBe(0);
    }
    expect(r.pairs.tvd.max.value).toBe(0);
    expect(r.pairs.kl.max.value).toBe(0);
    expect(r.pairs.kl.mean.value).toBe(0);
  });
});
