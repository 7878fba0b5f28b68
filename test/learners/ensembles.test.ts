import { describe, expect, it } from 'vitest';
import { RandomForest } from '../../src/learners/forest.js';
import { GradientBoosting } from '../../src/learners/boosting.js';
import { DecisionTree, fitTreeOnBins, predictTree } from '../../src/learners/tree.js';
import { binDesign } from '../../src/learners/hist-tree.js';
import { NaiveBayes } from '../../src/learners/naive-bayes.js';
import { LogisticRegression } from '../../src/learners/logistic.js';
import { subsetDesign, type Design, type Learner, type Target } from '../../src/learners/learner.js';
import { accuracy, r2 } from '../../src/learners/scoring.js';
import { Rng } from '../../src/rng.js';
import { classTarget, goldens, makeDesign, maxAbsDiff, repeatRows, sharedSplit } from './setup.js';

const rowsSum1 = (p: Float64Array, K: number) => {
  for (let i = 0; i < p.length / K; i++) {
    let s = 0;
    for (let k = 0; k < K; k++) {
      expect(p[i * K + k]).toBeGreaterThanOrEqual(0);
      expect(p[i * K + k]).toBeLessThanOrEqual(1);
      s += p[i * K + k];
    }
    expect(Math.abs(s - 1)).toBeLessThan(1e-12);
  }
};

/** 600 rows, 3 numeric + 1 categorical feature; a 3-class label and a noiseless regression target. */
function synthetic(seed: number): { X: Design; cls: Target; reg: Target } {
  const rng = new Rng(seed);
  const n = 600;
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const c = new Int32Array(n);
  const yc = new Int32Array(n);
  const yr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = rng.normal();
    x1[i] = rng.normal();
    x2[i] = rng.normal(); // noise feature
    c[i] = rng.int(4);
    yc[i] = x0[i] < -0.5 ? 0 : x1[i] + (c[i] === 1 ? 1.5 : 0) > 0.3 ? 2 : 1;
    yr[i] = 2 * x0[i] - x1[i] + 3 * (c[i] === 1 ? 1 : 0);
  }
  const X: Design = { n, num: [x0, x1, x2], numNames: ['x0', 'x1', 'x2'], cat: [c], catSizes: [6], catNames: ['c'] };
  return { X, cls: { kind: 'classification', y: yc, nClasses: 3 }, reg: { kind: 'regression', y: yr } };
}

describe('RandomForest', () => {
  const { train, holdout } = sharedSplit('german_credit', 'class');

  it('is deterministic for a seed and changes with it', () => {
    const a = new RandomForest({ nTrees: 20, rng: new Rng(1) }).fit(train.X, train.target).predict(holdout.X);
    const b = new RandomForest({ nTrees: 20, rng: new Rng(1) }).fit(train.X, train.target).predict(holdout.X);
    const c = new RandomForest({ nTrees: 20, rng: new Rng(2) }).fit(train.X, train.target).predict(holdout.X);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('without bootstrap and feature sampling every tree is the single CART tree', () => {
    const f = new RandomForest({ nTrees: 3, bootstrap: false, maxFeatures: 'all', rng: new Rng(1) }).fit(train.X, train.target);
    const t = new DecisionTree().fit(train.X, train.target);
    expect(maxAbsDiff(f.predict(holdout.X), t.predict(holdout.X))).toBeLessThan(1e-15);
  });

  it('bootstrap counts act as weights on bins shared across trees', () => {
    // tree 0 of a forest = a tree on the forest's bins (from all rows) with weights = counts drawn from rng.fork('tree:0')
    const rng = new Rng(5);
    const f = new RandomForest({ nTrees: 1, maxFeatures: 'all', rng }).fit(train.X, train.target);
    const n = train.X.n;
    const r0 = rng.fork('tree:0');
    const counts = new Float64Array(n);
    for (let k = 0; k < n; k++) counts[r0.int(n)] += 1;
    const t = fitTreeOnBins(binDesign(train.X), train.target, counts, {});
    expect(Array.from(f.predict(holdout.X))).toEqual(Array.from(predictTree(t, holdout.X)));
  });

  it('classes without rows (e.g. missing/unseen codes) get probability 0', () => {
    const y = train.target.y as Int32Array;
    const f = new RandomForest({ nTrees: 10, rng: new Rng(3) }).fit(train.X, { kind: 'classification', y, nClasses: 4 });
    const p = f.predict(holdout.X);
    rowsSum1(p, 4);
    for (let i = 0; i < holdout.X.n; i++) expect(p[i * 4 + 2] + p[i * 4 + 3]).toBe(0);
  });

  it('feature importances are non-negative and sum to 1', () => {
    const f = new RandomForest({ nTrees: 10, rng: new Rng(3) }).fit(train.X, train.target);
    const imp = f.featureImportances();
    expect(imp.length).toBe(train.X.num.length + train.X.cat.length);
    expect(imp.every((v) => v >= 0)).toBe(true);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('GradientBoosting', () => {
  it('one Newton round worked by hand (binary log-loss, lr = 1, depth 1)', () => {
    // base rate 1/2 -> F0 = 0, p = 1/2: g = p - y = +-1/2, h = 1/4. Cut x <= 3.5: left G = 1.5, H = 0.75, right G = -1.5,
    // H = 1.25; gain 1.5^2/0.75 + 1.5^2/1.25 = 4.8 (x <= 4.5 gives 2). Leaf values -G/H: -2 and 1.2.
    const X = makeDesign([[1, 2, 3, 4, 5, 6, 7, 8]]);
    const t = classTarget([0, 0, 0, 1, 1, 1, 1, 0]);
    const m = new GradientBoosting({ nEstimators: 1, learningRate: 1, maxDepth: 1, minSamplesLeaf: 1 }).fit(X, t);
    const tree = m.models[0];
    expect(tree.threshold[0]).toBe(3.5);
    expect(tree.gain[0]).toBeCloseTo(4.8, 12);
    const F = m.decisionFunction(makeDesign([[3, 4]]));
    expect(F[0]).toBeCloseTo(-2, 12);
    expect(F[1]).toBeCloseTo(1.2, 12);
    const p = m.predict(makeDesign([[3, 4]]));
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(2)), 12);
    expect(p[3]).toBeCloseTo(1 / (1 + Math.exp(-1.2)), 12);
  });

  it('regression: baseline is the mean, one round with lr = 1 fits the leaf means', () => {
    const X = makeDesign([[1, 2, 3, 4, 5, 6, 7, 8]]);
    const y = Float64Array.from([1, 1, 1, 5, 5, 5, 9, 9]);
    const m = new GradientBoosting({ nEstimators: 1, learningRate: 1, maxDepth: 1, minSamplesLeaf: 1 }).fit(X, { kind: 'regression', y });
    const p = m.predict(makeDesign([[0, 10]]));
    expect(p[0]).toBeCloseTo(1, 12);
    expect(p[1]).toBeCloseTo(6.6, 12);
  });

  it('integer weights equal duplicated rows', () => {
    const { train, holdout } = sharedSplit('german_credit', 'class');
    const n = train.X.n;
    const counts = Array.from({ length: n }, (_, i) => (i * 3 + 1) % 3); // 0..2
    const rep = repeatRows(train.X, train.target.y as Int32Array, counts);
    const a = new GradientBoosting({ nEstimators: 20 }).fit(train.X, train.target, Float64Array.from(counts));
    const b = new GradientBoosting({ nEstimators: 20 }).fit(rep.X, { kind: 'classification', y: rep.y, nClasses: 2 });
    expect(maxAbsDiff(a.predict(holdout.X), b.predict(holdout.X))).toBeLessThan(1e-9);
  });

  it('deterministic', () => {
    const { train, holdout } = sharedSplit('german_credit', 'class');
    const a = new GradientBoosting({ nEstimators: 10 }).fit(train.X, train.target).predict(holdout.X);
    const b = new GradientBoosting({ nEstimators: 10 }).fit(train.X, train.target).predict(holdout.X);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('multiclass and regression sanity (600 synthetic rows, 3 classes / noiseless target)', () => {
  const tr = synthetic(11);
  const te = synthetic(12);
  const learners: [string, () => Learner][] = [
    ['tree', () => new DecisionTree({ minSamplesLeaf: 3 })],
    ['forest', () => new RandomForest({ nTrees: 50, rng: new Rng(1) })],
    ['boosting', () => new GradientBoosting({ nEstimators: 100 })],
    ['logistic', () => new LogisticRegression({ C: 10 })],
    ['naive-bayes', () => new NaiveBayes()],
  ];
  for (const [name, make] of learners) {
    it(`${name}: probabilities sum to 1 and beat the majority class`, () => {
      const p = make().fit(tr.X, tr.cls).predict(te.X);
      rowsSum1(p, 3);
      const y = te.cls.y as Int32Array;
      const counts = [0, 0, 0];
      for (const v of y) counts[v]++;
      expect(accuracy(p, y)).toBeGreaterThan(Math.max(...counts) / y.length + 0.2);
    });
  }
  for (const [name, make, min] of [
    ['tree', () => new DecisionTree({ minSamplesLeaf: 2 }), 0.9],
    ['forest', () => new RandomForest({ nTrees: 50, rng: new Rng(1) }), 0.95],
    ['boosting', () => new GradientBoosting({ nEstimators: 200, maxDepth: 3 }), 0.97],
  ] as [string, () => Learner, number][]) {
    it(`${name}: regression R^2 on a noiseless target >= ${min}`, () => {
      const pred = make().fit(tr.X, tr.reg).predict(te.X);
      expect(r2(te.reg.y, pred)).toBeGreaterThan(min);
    });
  }
});

describe('Adult, first 5000 train rows -> full holdout, vs scikit-learn on the same rows', () => {
  const { train, holdout } = sharedSplit('adult', 'income');
  const rows = Int32Array.from({ length: 5000 }, (_, i) => i);
  const X5 = subsetDesign(train.X, rows);
  const t5: Target = { kind: 'classification', y: (train.target.y as Int32Array).slice(0, 5000), nClasses: 2 };
  const gold = goldens.adult.first5000;
  const yh = holdout.target.y as Int32Array;
  it('random forest (100 trees) within 1 accuracy point', () => {
    const acc = accuracy(new RandomForest({ rng: new Rng(1) }).fit(X5, t5).predict(holdout.X), yh);
    expect(Math.abs(acc - gold['forest(100)'].accuracy)).toBeLessThan(0.01);
  });
  it('gradient boosting (depth 3, 100 rounds) within 1 accuracy point of HistGradientBoosting(max_depth=3)', () => {
    const acc = accuracy(new GradientBoosting().fit(X5, t5).predict(holdout.X), yh);
    expect(Math.abs(acc - gold['hgb(max_depth=3,no early stop)'].accuracy)).toBeLessThan(0.01);
  });
  it('gradient boosting (31 leaves, unlimited depth) within 1 accuracy point of HistGradientBoosting defaults', () => {
    const acc = accuracy(new GradientBoosting({ maxDepth: Infinity }).fit(X5, t5).predict(holdout.X), yh);
    expect(Math.abs(acc - gold['hgb(defaults,no early stop)'].accuracy)).toBeLessThan(0.01);
  });
  it('logistic and naive Bayes match scikit-learn', () => {
    const lr = accuracy(new LogisticRegression().fit(X5, t5).predict(holdout.X), yh);
    expect(Math.abs(lr - gold['logistic(C=1)'].accuracy)).toBeLessThan(0.002);
    const nb = accuracy(new NaiveBayes().fit(X5, t5).predict(holdout.X), yh);
    expect(Math.abs(nb - gold.mixedNB.accuracy)).toBeLessThan(1e-9);
  });
});
