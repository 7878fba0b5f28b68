// pMSE (Snoke et al. 2018): closed-form cases where the fitted propensities are cell proportions, the two logistic nulls
// checked by simulation of fresh samples, the tree's permutation null, and detection AUC by cross-validation.
import { describe, expect, test } from 'vitest';
import { comparePmse, logisticNull, pmseOf, stratifiedFolds } from '../../../metrics/fidelity/pmse.js';
import { prepare } from '../../../src/prepare.js';
import { Rng } from '../../../src/rng.js';
import { tableOf, cellPmse } from './ctx.js';
import type { Table } from '../../../src/table.js';

function binaryTable(name: string, n: number, ones: number): Table {
  return tableOf(name, { x: Array.from({ length: n }, (_, i) => (i < ones ? 'yes' : 'no')) });
}

describe('pMSE by hand', () => {
  test('pmseOf and the logistic null moments', () => {
    expect(pmseOf([0.5, 0.1, 0.3], 0.3)).toBeCloseTo((0.04 + 0.04 + 0) / 3, 15);
    const nul = logisticNull(5, 0.25, 1000);
    expect(nul.expected).toBeCloseTo((4 * 0.75 ** 2 * 0.25) / 1000, 15);
    expect(nul.sd).toBeCloseTo((Math.sqrt(8) * 0.75 ** 2 * 0.25) / 1000, 15);
  });

  test('one binary feature: the saturated logit and the tree both reproduce cell proportions (closed form)', () => {
    // real 600 rows (240 yes), synthetic 300 rows (180 yes): p(yes) = 180/420, p(no) = 120/480, c = 1/3
    const real = binaryTable('real', 600, 240);
    const syn = binaryTable('syn', 300, 180);
    const p = prepare(real, real, syn);
    const r = comparePmse(p.real, p.synthetic, new Rng(1), { permutations: 20, folds: 5 });
    const want = cellPmse(240, 600, 180, 300);
    expect(want).toBeCloseTo(((420 * (180 / 420 - 1 / 3) ** 2 + 480 * (120 / 480 - 1 / 3) ** 2) / 900), 15);
    expect(r.c).toBeCloseTo(1 / 3, 15);
    expect(r.logistic!.pmse!).toBeCloseTo(want, 9); // to Newton's tolerance (1e-8 on the coefficients)
    expect(r.logistic!.k).toBe(2); // intercept + one level contrast (missing/unseen codes have no rows)
    const E0 = (1 * (2 / 3) ** 2 * (1 / 3)) / 900;
    expect(r.logistic!.nullExpected!).toBeCloseTo(E0, 15);
    expect(Math.abs(r.logistic!.snokeRatio! / (want / E0) - 1)).toBeLessThan(1e-7);
    expect(Math.abs(r.logistic!.independentRatio! / (want / (E0 / (2 / 3))) - 1)).toBeLessThan(1e-7);
    expect(r.logistic!.converged).toBe(true);
    expect(r.tree!.pmse!).toBeCloseTo(want, 12);
    expect(r.tree!.leaves).toBe(2);
    // with the 2 cells as scores (yes 180/420 > no 120/480): AUC = P(score_syn > score_real) + ties/2 =
    // (180 * 360 + (180 * 240 + 120 * 360) / 2) / (300 * 600) = 0.6 in sample; out of fold the leaf shares move a little
    // from fold to fold, which breaks some within-cell ties either way
    const auc = (180 * 360 + 0.5 * (180 * 240 + 120 * 360)) / (300 * 600);
    expect(auc).toBeCloseTo(0.6, 12);
    expect(Math.abs(r.tree!.cvAuc! - auc)).toBeLessThan(0.03);
  });

  test('identical tables: pMSE 0 for both models (ratio 0); CV AUC at or a little below 0.5', () => {
    const t = binaryTable('t', 400, 100);
    const p = prepare(t, t, t);
    const r = comparePmse(p.real, p.synthetic, new Rng(2), { folds: 5 });
    expect(r.logistic!.pmse!).toBeCloseTo(0, 12);
    expect(r.tree!.pmse).toBe(0);
    expect(r.tree!.ratio).toBe(0);
    // out-of-fold AUC under the null sits slightly below 0.5 on small data (a held-out row's label is negatively
    // correlated with its training folds' share in the same cell); it is 0.5 in the limit
    expect(r.tree!.cvAuc!).toBeGreaterThan(0.4);
    expect(r.tree!.cvAuc!).toBeLessThanOrEqual(0.5);
  });

  test('stratified folds are balanced per label and seeded', () => {
    const y = Int32Array.from({ length: 103 }, (_, i) => (i < 40 ? 1 : 0));
    const f = stratifiedFolds(y, 5, new Rng(3));
    for (let k = 0; k < 5; k++) {
      const ones = [...f.keys()].filter((i) => f[i] === k && y[i] === 1).length;
      expect(ones).toBe(8);
    }
    expect(Array.from(stratifiedFolds(y, 5, new Rng(3)))).toEqual(Array.from(f));
  });
});

/** A known population: three categorical columns (3, 8 and 6 levels, a and b dependent) and one numeric column. */
function drawPopulation(n: number, rng: Rng, name: string): Table {
  const a: string[] = [];
  const b: string[] = [];
  const g: string[] = [];
  const x: number[] = [];
  const gw = [0.3, 0.2, 0.2, 0.1, 0.1, 0.1];
  for (let i = 0; i < n; i++) {
    const ai = rng.categorical([0.5, 0.3, 0.2]);
    const bi = rng.random() < (ai === 0 ? 0.6 : 0.2) ? 0 : rng.int(7) + 1;
    a.push(`a${ai}`);
    b.push(`b${bi}`);
    g.push(`g${rng.categorical(gw)}`);
    x.push(Math.round((rng.normal() * 10 + ai * 5) * 1000) / 1000);
  }
  return tableOf(name, { a, b, g, x });
}

describe('logistic nulls by simulation: fresh samples of a known population', () => {
  for (const [nR, nS] of [
    [2000, 1000],
    [1500, 1500],
  ] as const) {
    const c = nS / (nR + nS);
    test(`c = ${c.toFixed(3)}: independent-sample ratio about 1, Snoke S_pMSE about 1/(1-c) = ${(1 / (1 - c)).toFixed(2)}`, () => {
      const reps = 40;
      let snoke = 0;
      let indep = 0;
      let k = 0;
      for (let r = 0; r < reps; r++) {
        const rng = new Rng(1000 + r);
        const real = drawPopulation(nR, rng, 'real');
        const syn = drawPopulation(nS, rng, 'syn');
        const p = prepare(real, real, syn);
        const res = comparePmse(p.real, p.synthetic, rng.fork('pmse'), { tree: false });
        snoke += res.logistic!.snokeRatio! / reps;
        indep += res.logistic!.independentRatio! / reps;
        k = res.logistic!.k;
      }
      // k - 1 = 2 + 7 + 5 + 1 = 15 free parameters; one draw's ratio has SD about sqrt(2/15) = 0.37 (x 1/(1-c) for
      // Snoke), so the mean of 40 draws has SD about 0.06: the bands below are over 3 SD wide and 1 vs 1/(1-c) is 8+ SD apart
      expect(k).toBe(16);
      expect(indep).toBeGreaterThan(0.8);
      expect(indep).toBeLessThan(1.2);
      expect(snoke).toBeGreaterThan(0.8 / (1 - c));
      expect(snoke).toBeLessThan(1.2 / (1 - c));
      expect(snoke / indep).toBeCloseTo(1 / (1 - c), 10);
    });
  }
});

describe('propensity trees', () => {
  test('in-sample leaf propensities of the reused grower equal fitting and predicting the tree afresh', async () => {
    const { treeDesign, binOnce, fitPropensityTree, treePropensity, PropensityTrees } = await import('../../../metrics/fidelity/pmse-tree.js');
    const { concatEncoded } = await import('../../../src/domain.js');
    const rng = new Rng(4);
    const p = prepare(drawPopulation(700, rng, 'r'), drawPopulation(300, rng, 'h'), drawPopulation(500, rng, 's'));
    const st = concatEncoded(p.real, p.synthetic);
    const X = treeDesign(st, p.domain.columns.map((_, j) => j));
    // numeric x enters as its bin code (missing would be nBins), categorical as codes
    expect(X.num.length).toBe(1);
    expect(Array.from(X.num[0].slice(0, 20))).toEqual(Array.from(st.codes[3].slice(0, 20)));
    const y = Int32Array.from({ length: st.n }, (_, i) => (i < p.real.n ? 0 : 1));
    const data = binOnce(X);
    const trees = new PropensityTrees(data, { minLeaf: 5, maxLeafNodes: 16 });
    for (const labels of [y, rng.shuffle(Int32Array.from(y))]) {
      const a = trees.inSample(labels);
      const b = treePropensity(fitPropensityTree(data, labels, { minLeaf: 5, maxLeafNodes: 16 }), X);
      expect(Array.from(a.p)).toEqual(Array.from(b));
      expect(a.leaves).toBe(16);
    }
  });
});

describe('propensity trees: bins read from the Domain codes', () => {
  test('binOnce (numeric bin codes used as bins, no sort) grows exactly the trees binDesign does (Adult subsample)', async () => {
    const { treeDesign, binOnce, fitPropensityTree } = await import('../../../metrics/fidelity/pmse-tree.js');
    const { binDesign } = await import('../../../src/learners/hist-tree.js');
    const { concatEncoded } = await import('../../../src/domain.js');
    const { loadShared, subsample } = await import('../../helpers/data.js');
    const real = subsample(loadShared('adult', 'train'), 3000, 1);
    const other = subsample(loadShared('adult', 'holdout'), 2000, 2);
    const p = prepare(real, other, other);
    const st = concatEncoded(p.real, p.synthetic);
    const X0 = treeDesign(st, p.domain.columns.map((_, j) => j));
    // also with every code doubled: absent codes between present ones (empty bins the split search must skip)
    const gaps = { ...X0, num: X0.num.map((c) => c.map((v) => 2 * v)) };
    const y = Int32Array.from({ length: st.n }, (_, i) => (i < p.real.n ? 0 : 1));
    const shuffled = new Rng(3).shuffle(Int32Array.from(y));
    for (const X of [X0, gaps]) {
      const fast = binOnce(X);
      const ref = binDesign(X);
      // the fast path was taken: bins are the codes themselves
      for (let a = 0; a < X.num.length; a++) {
        let max = 0;
        for (let i = 0; i < X.n; i++) max = Math.max(max, X.num[a][i]);
        expect(fast.nBins[a]).toBe(max + 1);
        expect(Array.from(fast.bins[a].slice(0, 50))).toEqual(Array.from(X.num[a].slice(0, 50)));
        if (X === gaps) expect(fast.nBins[a]).toBe(2 * ref.nBins[a] - 1);
      }
      for (const labels of [y, shuffled]) {
        for (const params of [{ minLeaf: 5, maxLeafNodes: 64 }, { minLeaf: 5 }]) {
          const a = fitPropensityTree(fast, labels, params);
          const b = fitPropensityTree(ref, labels, params);
          expect(a.nNodes).toBe(b.nNodes);
          for (const k of ['feature', 'threshold', 'catMask', 'left', 'right', 'value', 'weight', 'gain'] as const) expect(Array.from(a[k]), k).toEqual(Array.from(b[k]));
        }
      }
    }
  });

  test('binOnce falls back to binDesign when a numeric feature is not small integer codes', async () => {
    const { binOnce } = await import('../../../metrics/fidelity/pmse-tree.js');
    const { binDesign } = await import('../../../src/learners/hist-tree.js');
    const X = { n: 4, num: [Float64Array.of(0.5, 2, 7, 2)], numNames: ['x'], cat: [Int32Array.of(0, 1, 1, 0)], catSizes: [2], catNames: ['g'] };
    expect(binOnce(X)).toEqual(binDesign(X));
    expect(Array.from(binOnce(X).bins[0])).toEqual([0, 1, 2, 1]);
    expect(Array.from(binOnce({ ...X, num: [Float64Array.of(0, 3, 3, 1)] }).bins[0])).toEqual([0, 3, 3, 1]);
  });
});
