// Issue 14 item 4: a numeric column with missing cells gets a missing indicator in the pMSE logit and in every utility
// model, so "missing" is no longer indistinguishable from "at the real mean".
import { describe, expect, test } from 'vitest';
import { comparePmse } from '../../../metrics/fidelity/pmse.js';
import { prepare } from '../../../src/prepare.js';
import { Rng } from '../../../src/rng.js';
import { designFrom, missingIndicatorColumns } from '../../../src/learners/learner.js';
import { utility, type UtilityResult } from '../../../metrics/utility/index.js';
import { makeCtx } from '../utility/fixtures.js';
import { tableOf, cellPmse } from './ctx.js';

describe('missing indicators', () => {
  // x: present values 1..9 cycling (mean exactly 5, symmetric), real 30% missing; synthetic = the same present values, 10%
  // missing and the other 20% of those rows at the real mean 5. Mean-filled without an indicator the two tables are identical.
  const n = 630;
  const present = (i: number) => String(1 + (i % 9));
  const xReal = Array.from({ length: n }, (_, i) => (i < 189 ? null : present(i)));
  const xSyn = Array.from({ length: n }, (_, i) => (i < 63 ? null : i < 189 ? '5' : present(i)));
  const real = tableOf('real', { x: xReal });
  const syn = tableOf('synthetic', { x: xSyn });

  test('the pMSE logit sees "missingness differs" (same values, different missing rates): closed-form pMSE', () => {
    const p = prepare(real, real, syn, { kinds: { x: 'numeric' } });
    expect(p.domain.columns[0].kind === 'numeric' && p.domain.columns[0].mean).toBe(5);
    const r = comparePmse(p.real, p.synthetic, new Rng(1), { tree: false });
    // the fit: x's coefficient 0 by symmetry, propensities = cell proportions of the indicator (189 real / 63 synthetic missing)
    const want = cellPmse(189, n, 63, n);
    expect(want).toBeGreaterThan(0.01);
    expect(r.logistic!.pmse!).toBeCloseTo(want, 10);
    expect(r.logistic!.k).toBe(3); // intercept, x, x (missing)
    // and a table against itself stays at 0
    const same = comparePmse(p.real, p.real, new Rng(1), { tree: false });
    expect(same.logistic!.pmse!).toBeLessThan(1e-20);
  });

  test('designFrom: indicator only where the fit table(s) have a missing cell; one layout for every design', () => {
    const p = prepare(real, real, syn, { kinds: { x: 'numeric' } });
    const d = designFrom(p.real, [0]);
    expect(d.catNames).toEqual(['x (missing)']);
    expect(Array.from(d.cat[0].subarray(187, 191))).toEqual([1, 1, 0, 0]);
    const noMissing = prepare(tableOf('r', { x: ['1', '2', '3', '4', '5', '6'] }), tableOf('h', { x: ['1', null, '3', '4', '5', '6'] }), tableOf('s', { x: ['1', '2', '3', '4', '5', '6'] }), { kinds: { x: 'numeric' } });
    expect(missingIndicatorColumns([noMissing.real, noMissing.synthetic], [0])).toEqual([]);
    expect(designFrom(noMissing.holdout, [0], []).cat.length).toBe(0);
    expect(missingIndicatorColumns([noMissing.real, noMissing.holdout], [0])).toEqual([0]);
  });

  test('utility: a target driven by missingness is learnable (TRTR logistic AUC), the indicator is stated', () => {
    // y = yes for 80% of the rows with x missing and 10% of the others; x's present values carry no signal
    const N = 800;
    const make = (name: string, off: number) => {
      const x: (string | null)[] = [];
      const z: string[] = [];
      const y: string[] = [];
      for (let i = 0; i < N; i++) {
        const miss = (i + off) % 4 === 0;
        x.push(miss ? null : String(1 + ((i * 7 + off) % 9)));
        z.push(String((i * 13 + off) % 17));
        y.push((miss ? (i + off) % 5 !== 0 : (i + off) % 10 === 1) ? 'yes' : 'no');
      }
      return tableOf(name, { x, z, y });
    };
    const ctx = makeCtx(make('real', 0), make('holdout', 1), make('synthetic', 2), 'y', 1, { models: [{ type: 'logistic' }], bootstrap: 0 });
    const r = utility(ctx) as UtilityResult;
    expect(r.models[0].trtr.rocAuc.value!).toBeGreaterThan(0.75);
    expect(r.conventions.missingFeatures).toMatch(/missing indicator|missing-indicator/);
  });
});
