import { describe, expect, it } from 'vitest';
import { DecisionTree, fitTreeOnBins, predictTree } from '../../src/learners/tree.js';
import { binDesign, type TreeModel } from '../../src/learners/hist-tree.js';
import { accuracy } from '../../src/learners/scoring.js';
import { Rng } from '../../src/rng.js';
import { classTarget, goldens, makeDesign, repeatRows, sharedSplit } from './setup.js';

const hand = goldens.handTree;
// x1 = 1..8, x2 = codes [0,1,2,0,1,2,0,1], y = [0,0,0,1,1,1,1,0]
const X = makeDesign([hand.x1], [hand.x2], [3]);
const t = classTarget(hand.y);
const at = (x1: number, x2 = 0) => makeDesign([[x1]], [[x2]], [3]);

describe('DecisionTree: hand-worked classification', () => {
  it('depth 1: Gini picks x1 <= 3.5 (weighted Gini decrease 2.4, as scikit-learn)', () => {
    // parent sum p^2 score = (4^2+4^2)/8 = 4. x1 <= 3.5: left {0,0,0} -> 9/3 = 3, right {1,1,1,1,0} -> 17/5 = 3.4:
    // gain 2.4, the best of all x1 cuts (2.5: 1.33, 4.5: 1, ...) and of the x2 level orders (best 0.267).
    const m = new DecisionTree({ maxDepth: 1 }).fit(X, t);
    const tree = m.model;
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(hand.depth1Threshold);
    expect(tree.threshold[0]).toBe(3.5);
    expect(tree.gain[0]).toBeCloseTo(2.4, 12);
    expect(Array.from(m.predict(at(3.4)))).toEqual([1, 0]);
    const right = m.predict(at(3.6));
    expect(right[0]).toBeCloseTo(0.2, 15);
    expect(right[1]).toBeCloseTo(0.8, 15);
    // scikit-learn's leaf counts [3,0] and [1,4] as proportions
    const [l, r] = hand.depth1LeafProba;
    expect(tree.value[tree.left[0] * 2]).toBeCloseTo(l[0] / (l[0] + l[1]), 15);
    expect(tree.value[tree.right[0] * 2 + 1]).toBeCloseTo(r[1] / (r[0] + r[1]), 15);
  });

  it('unlimited depth on x1 alone: thresholds 3.5 and 7.5 as scikit-learn, pure leaves', () => {
    const X1 = makeDesign([hand.x1]);
    const m = new DecisionTree().fit(X1, t);
    const tree = m.model;
    const thr = Array.from(tree.threshold).filter((_, k) => tree.feature[k] >= 0).sort((a, b) => a - b);
    expect(thr).toEqual(hand.fullTreeThresholds);
    expect(tree.nLeaves).toBe(3);
    expect(accuracy(m.predict(X1), t.y as Int32Array)).toBe(1);
  });

  it('entropy: same cut, gain = 8 ln 2 - 5 H(0.2)', () => {
    const m = new DecisionTree({ maxDepth: 1, criterion: 'entropy' }).fit(X, t);
    const H = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    expect(m.model.threshold[0]).toBe(3.5);
    expect(m.model.gain[0]).toBeCloseTo(8 * Math.log(2) - 5 * H(0.2), 12);
  });

  it('categorical split by ordering levels on the share of class 1; unseen codes follow the heavier child', () => {
    // codes 0 and 2 always class 1, codes 1 and 3 always class 0; code 4 never occurs
    const Xc = makeDesign([[1, 2, 3, 4, 5, 6, 7, 8]], [[0, 1, 2, 3, 0, 1, 2, 3]], [5]);
    const tc = classTarget([1, 0, 1, 0, 1, 0, 1, 0]);
    const m = new DecisionTree({ maxDepth: 1 }).fit(Xc, tc);
    const tree = m.model;
    expect(tree.feature[0]).toBe(1); // the categorical feature (index nNum + 0)
    expect(tree.gain[0]).toBeCloseTo(4, 12); // score 4 -> 4 + 4
    const mask = Array.from(tree.catMask.subarray(tree.catOffset[0], tree.catOffset[0] + 5));
    // order by share of class 1: codes 1, 3 (0.0) then 0, 2 (1.0); left = {1, 3}; code 4 absent, children tie 4:4 -> left
    expect(mask).toEqual([0, 1, 0, 1, 1]);
    const p = m.predict(makeDesign([[0, 0, 0, 0, 0]], [[0, 1, 2, 3, 4]], [5]));
    expect(Array.from(p)).toEqual([0, 1, 1, 0, 0, 1, 1, 0, 1, 0]);
  });

  it('XOR: a zero-gain first split is allowed, so the full tree still separates the classes', () => {
    const Xx = makeDesign([[0, 0, 1, 1, 0, 0, 1, 1], [0, 1, 0, 1, 0, 1, 0, 1]]);
    const tx = classTarget([0, 1, 1, 0, 0, 1, 1, 0]);
    const m = new DecisionTree().fit(Xx, tx);
    expect(m.model.gain[0]).toBeCloseTo(0, 12);
    expect(accuracy(m.predict(Xx), tx.y as Int32Array)).toBe(1);
  });
});

describe('DecisionTree: hand-worked regression', () => {
  it('squared error: cut at 3.5, leaf means 1 and 6.6, SSE decrease 58.8', () => {
    // y = [1,1,1,5,5,5,9,9]: score s1^2/s0: parent 36^2/8 = 162; x <= 3.5 -> 3^2/3 + 33^2/5 = 220.8 (best)
    const Xr = makeDesign([[1, 2, 3, 4, 5, 6, 7, 8]]);
    const y = Float64Array.from([1, 1, 1, 5, 5, 5, 9, 9]);
    const m = new DecisionTree({ maxDepth: 1 }).fit(Xr, { kind: 'regression', y });
    expect(m.model.threshold[0]).toBe(3.5);
    expect(m.model.gain[0]).toBeCloseTo(58.8, 10);
    expect(Array.from(m.predict(makeDesign([[0, 10]])))).toEqual([1, 6.6]);
    // unlimited depth reproduces the training targets
    const full = new DecisionTree().fit(Xr, { kind: 'regression', y });
    expect(Array.from(full.predict(Xr))).toEqual(Array.from(y));
  });
});

describe('DecisionTree: constraints, weights, binning', () => {
  const { train, holdout } = sharedSplit('german_credit', 'class');

  it('respects maxDepth and minSamplesLeaf', () => {
    const m = new DecisionTree({ maxDepth: 4, minSamplesLeaf: 15 }).fit(train.X, train.target);
    const tr = m.model;
    expect(tr.depth).toBeLessThanOrEqual(4);
    for (let k = 0; k < tr.nNodes; k++) if (tr.feature[k] < 0) expect(tr.weight[k]).toBeGreaterThanOrEqual(15);
    // children weights add up to the parent's
    for (let k = 0; k < tr.nNodes; k++) if (tr.feature[k] >= 0) expect(tr.weight[tr.left[k]] + tr.weight[tr.right[k]]).toBe(tr.weight[k]);
  });

  it('integer weights give exactly the tree of duplicated rows', () => {
    const n = train.X.n;
    const counts = Array.from({ length: n }, (_, i) => (i * 5 + 3) % 4); // 0..3
    const w = Float64Array.from(counts);
    const rep = repeatRows(train.X, train.target.y as Int32Array, counts);
    for (const opts of [{}, { maxDepth: 5, minSamplesLeaf: 7 }]) {
      const a = new DecisionTree(opts).fit(train.X, train.target, w);
      const b = new DecisionTree(opts).fit(rep.X, { kind: 'classification', y: rep.y, nClasses: 2 });
      expect(a.model.nNodes).toBe(b.model.nNodes);
      expect(Array.from(a.predict(holdout.X))).toEqual(Array.from(b.predict(holdout.X)));
    }
  });

  it('quantile bins when a feature has more distinct values than maxBins', () => {
    const x = Array.from({ length: 100 }, (_, i) => i + 1);
    const d = binDesign(makeDesign([x]), 4);
    expect(d.nBins[0]).toBe(4);
    // equal-frequency: 25 rows per bin, edges midway between distinct values
    const counts = [0, 0, 0, 0];
    for (const b of d.bins[0]) counts[b]++;
    expect(counts).toEqual([25, 25, 25, 25]);
    expect(Array.from(d.binHi[0])).toEqual([25, 50, 75, 100]);
    expect(Array.from(d.binLo[0])).toEqual([1, 26, 51, 76]);
  });

  it('fitTreeOnBins grows the same tree as the class on shared bins', () => {
    const bins = binDesign(train.X);
    const tree = fitTreeOnBins(bins, train.target, undefined, { maxDepth: 6 });
    const m = new DecisionTree({ maxDepth: 6 }).fit(train.X, train.target);
    expect(Array.from(predictTree(tree, holdout.X))).toEqual(Array.from(m.predict(holdout.X)));
  });

  it('feature sampling is seeded: same rng seed, same tree', () => {
    const a = new DecisionTree({ maxFeatures: 'sqrt', rng: new Rng(7) }).fit(train.X, train.target).predict(holdout.X);
    const b = new DecisionTree({ maxFeatures: 'sqrt', rng: new Rng(7) }).fit(train.X, train.target).predict(holdout.X);
    const c = new DecisionTree({ maxFeatures: 'sqrt', rng: new Rng(8) }).fit(train.X, train.target).predict(holdout.X);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('rejects a design of another shape and out-of-range codes', () => {
    const m = new DecisionTree({ maxDepth: 2 }).fit(X, t);
    expect(() => m.predict(makeDesign([[1]]))).toThrow(/design/);
    expect(() => m.predict(makeDesign([[1]], [[3]], [3]))).toThrow(/out of range/);
  });
});

describe('histogram subtraction (parent minus smaller child) grows the same trees', () => {
  const sameTree = (a: TreeModel, b: TreeModel, what: string) => {
    expect(a.nNodes, what).toBe(b.nNodes);
    for (const k of ['feature', 'threshold', 'catOffset', 'catMask', 'left', 'right', 'value', 'weight', 'gain'] as const) {
      expect(Array.from(a[k]), `${what}: ${k}`).toEqual(Array.from(b[k]));
    }
  };
  // binary (class) and 10-class (purpose) targets; the root is large enough to carry histograms, deep nodes are not
  for (const target of ['class', 'purpose']) {
    it(`German credit, target ${target}: Gini / entropy, depth-first / best-first / depth-limited, with and without integer weights`, () => {
      const { train } = sharedSplit('german_credit', target);
      const bins = binDesign(train.X);
      const n = train.X.n;
      const w = Float64Array.from({ length: n }, (_, i) => (i * 7 + 1) % 4); // 0..3, some rows left out
      let splits = 0;
      for (const criterion of ['gini', 'entropy'] as const) {
        for (const opts of [{}, { maxLeafNodes: 32, minSamplesLeaf: 5 }, { maxDepth: 6, minSamplesLeaf: 2 }]) {
          for (const weights of [undefined, w]) {
            const what = `${criterion} ${JSON.stringify(opts)} ${weights ? 'weighted' : ''}`;
            const a = fitTreeOnBins(bins, train.target, weights, { ...opts, criterion });
            const b = fitTreeOnBins(bins, train.target, weights, { ...opts, criterion, subtraction: false });
            sameTree(a, b, what);
            splits += a.nNodes;
          }
        }
      }
      expect(splits).toBeGreaterThan(1000);
    });
  }

  it('Adult subsample (4000 rows): unlimited depth and 64 leaves', () => {
    const { train } = sharedSplit('adult', 'income');
    const rows = Array.from({ length: 4000 }, (_, i) => i * 8);
    const X = { ...train.X, n: rows.length, num: train.X.num.map((c) => Float64Array.from(rows, (r) => c[r])), cat: train.X.cat.map((c) => Int32Array.from(rows, (r) => c[r])) };
    const target = { kind: 'classification' as const, y: Int32Array.from(rows, (r) => (train.target.y as Int32Array)[r]), nClasses: 2 };
    const bins = binDesign(X);
    for (const opts of [{}, { maxLeafNodes: 64, minSamplesLeaf: 5 }]) {
      sameTree(fitTreeOnBins(bins, target, undefined, opts), fitTreeOnBins(bins, target, undefined, { ...opts, subtraction: false }), JSON.stringify(opts));
    }
  });
});
