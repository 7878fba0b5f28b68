import { describe, expect, it } from 'vitest';
import { designColumns, permutationImportance, permuteColumn } from '../../../metrics/utility/importance.js';
import type { Design } from '../../../src/learners/learner.js';
import { Rng } from '../../../src/rng.js';

function design(n: number, rng: Rng): { X: Design; y: Float64Array } {
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Int32Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.normal();
    b[i] = rng.normal();
    c[i] = rng.int(3);
    y[i] = 2 * a[i] + (c[i] === 1 ? 1 : 0);
  }
  return { X: { n, num: [a, b], numNames: ['a', 'b'], cat: [c], catSizes: [3], catNames: ['c'] }, y };
}

/** R^2 of the true model y = 2a + 1[c = 1] evaluated on a (possibly permuted) design. */
function r2Scorer(y: Float64Array) {
  return (X: Design) => {
    let m = 0;
    for (const v of y) m += v / y.length;
    let ssr = 0;
    let sst = 0;
    for (let i = 0; i < X.n; i++) {
      const f = 2 * X.num[0][i] + (X.cat[0][i] === 1 ? 1 : 0);
      ssr += (y[i] - f) ** 2;
      sst += (y[i] - m) ** 2;
    }
    return 1 - ssr / sst;
  };
}

describe('permutation importance', () => {
  it('permuteColumn replaces exactly one column', () => {
    const { X } = design(5, new Rng(1));
    const perm = Int32Array.from([4, 3, 2, 1, 0]);
    const refs = designColumns(X);
    expect(refs.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    const P = permuteColumn(X, refs[1], perm);
    expect(Array.from(P.num[1])).toEqual(Array.from(X.num[1]).reverse());
    expect(P.num[0]).toBe(X.num[0]);
    expect(P.cat[0]).toBe(X.cat[0]);
    const before = Array.from(X.cat[0]);
    const Q = permuteColumn(X, refs[2], Int32Array.from([1, 2, 3, 4, 0]));
    expect(Array.from(Q.cat[0])).toEqual([...before.slice(1), before[0]]);
    expect(Q.cat[0]).not.toBe(X.cat[0]);
    expect(Array.from(X.cat[0])).toEqual(before); // original untouched
    expect(designColumns(X, ['c', 'a', 'zzz']).map((r) => r.name)).toEqual(['c', 'a']);
  });

  it('an unused feature has importance exactly 0; used ones are positive, ordered by their effect', () => {
    const { X, y } = design(2000, new Rng(2));
    const { base, importance } = permutationImportance([r2Scorer(y)], X, designColumns(X), 2, new Rng(3));
    expect(base[0]).toBeCloseTo(1, 12);
    const [ia, ib, ic] = importance[0] as number[];
    expect(ib).toBe(0);
    // shuffling a gives E[(2a - 2a')^2] = 8 against var(y) ~ 4 + 2/9: R^2 drop ~ 8 / 4.22 = 1.9
    expect(ia).toBeGreaterThan(1.6);
    expect(ia).toBeLessThan(2.2);
    // shuffling c: P(changed indicator) = 2 * 1/3 * 2/3 = 4/9, drop ~ (4/9) / 4.22 = 0.105
    expect(ic).toBeGreaterThan(0.07);
    expect(ic).toBeLessThan(0.14);
  });

  it('is deterministic for a seed and uses the same shuffles for every scorer', () => {
    const { X, y } = design(300, new Rng(4));
    const s = r2Scorer(y);
    const a = permutationImportance([s, s], X, designColumns(X), 1, new Rng(5));
    const b = permutationImportance([s], X, designColumns(X), 1, new Rng(5));
    expect(a.importance[0]).toEqual(a.importance[1]);
    expect(a.importance[0]).toEqual(b.importance[0]);
  });

  it('undefined scores stay null', () => {
    const { X } = design(20, new Rng(6));
    const r = permutationImportance([() => null], X, designColumns(X), 1, new Rng(7));
    expect(r.base).toEqual([null]);
    expect(r.importance[0]).toEqual([null, null, null]);
  });
});
