import { describe, expect, it } from 'vitest';
import { NaiveBayes } from '../../src/learners/naive-bayes.js';
import { RidgeRegression } from '../../src/learners/linear.js';
import { learnerLabel, makeLearner, supportsTask, LogisticRegression, DecisionTree, RandomForest, GradientBoosting, type LearnerSpec } from '../../src/learners/index.js';
import { accuracy, r2 } from '../../src/learners/scoring.js';
import { UserError } from '../../src/errors.js';
import { Rng } from '../../src/rng.js';
import { classTarget, goldens, makeDesign, maxAbsDiff, repeatRows, sharedSplit } from './setup.js';

describe('NaiveBayes', () => {
  it('worked by hand: Gaussian + Laplace-smoothed categorical, var_smoothing = 1e-9 * max variance', () => {
    // x: class 0 {0, 2}, class 1 {4, 6, 8}; c (3 codes): class 0 {0, 1}, class 1 {1, 1, 2}
    const X = makeDesign([[0, 2, 4, 6, 8]], [[0, 1, 1, 1, 2]], [3]);
    const t = classTarget([0, 0, 1, 1, 1]);
    const m = new NaiveBayes().fit(X, t);
    const eps = 1e-9 * 8; // variance of x over all rows = 8
    const logN = (x: number, mu: number, v: number) => -0.5 * Math.log(2 * Math.PI * v) - ((x - mu) ** 2) / (2 * v);
    // query x = 3, c = 1. P(c=1|0) = (1+1)/(2+3), P(c=1|1) = (2+1)/(3+3)
    const j0 = Math.log(2 / 5) + logN(3, 1, 1 + eps) + Math.log(2 / 5);
    const j1 = Math.log(3 / 5) + logN(3, 6, 8 / 3 + eps) + Math.log(3 / 6);
    const p1 = 1 / (1 + Math.exp(j0 - j1));
    const p = m.predict(makeDesign([[3]], [[1]], [3]));
    expect(p[1]).toBeCloseTo(p1, 14);
    expect(p[0] + p[1]).toBeCloseTo(1, 15);
    // an unseen code (2 never occurs in class 0) keeps a finite likelihood thanks to the smoothing
    const q = m.predict(makeDesign([[1]], [[2]], [3]));
    expect(q.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  it('matches scikit-learn GaussianNB + CategoricalNB on German credit', () => {
    const g = goldens.german_credit.mixedNB;
    const { train, holdout } = sharedSplit('german_credit', 'class');
    const p = new NaiveBayes().fit(train.X, train.target).predict(holdout.X);
    for (let i = 0; i < 20; i++) expect(Math.abs(p[i * 2 + 1] - g.holdoutProbaFirst20[i])).toBeLessThan(1e-9);
    expect(accuracy(p, holdout.target.y as Int32Array)).toBeCloseTo(g.holdoutAccuracy, 12);
  });

  it('matches scikit-learn on Adult train -> holdout', () => {
    const { train, holdout } = sharedSplit('adult', 'income');
    const acc = accuracy(new NaiveBayes().fit(train.X, train.target).predict(holdout.X), holdout.target.y as Int32Array);
    expect(acc).toBeCloseTo(goldens.adult.mixedNB.accuracy, 10);
  });

  it('integer weights equal duplicated rows; regression is refused; absent classes get 0', () => {
    const { train, holdout } = sharedSplit('german_credit', 'class');
    const counts = Array.from({ length: train.X.n }, (_, i) => (i * 7) % 3);
    const rep = repeatRows(train.X, train.target.y as Int32Array, counts);
    const a = new NaiveBayes().fit(train.X, train.target, Float64Array.from(counts)).predict(holdout.X);
    const b = new NaiveBayes().fit(rep.X, { kind: 'classification', y: rep.y, nClasses: 2 }).predict(holdout.X);
    // var_smoothing uses the unweighted variance (as scikit-learn), a 1e-9 relative effect
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
    expect(() => new NaiveBayes().fit(train.X, { kind: 'regression', y: new Float64Array(train.X.n) })).toThrow(/classification only/);
    const p3 = new NaiveBayes().fit(train.X, { kind: 'classification', y: train.target.y as Int32Array, nClasses: 3 }).predict(holdout.X);
    for (let i = 0; i < holdout.X.n; i++) expect(p3[i * 3 + 2]).toBe(0);
  });
});

describe('RidgeRegression', () => {
  const g = goldens.german_credit.ridge;
  const { train } = sharedSplit('german_credit', 'credit_amount');
  const y = train.target.y as Float64Array;
  it('matches scikit-learn Ridge(alpha=1) on German credit, unweighted and weighted', () => {
    const m = new RidgeRegression({ alpha: 1 }).fit(train.X, train.target);
    const c = m.coefficients();
    expect(c.names).toEqual(g.names);
    expect(Math.abs(c.intercept - g.intercept)).toBeLessThan(1e-6 * Math.abs(g.intercept));
    for (let j = 0; j < c.beta.length; j++) expect(Math.abs(c.beta[j] - g.beta[j])).toBeLessThan(1e-6 * Math.max(1, Math.abs(g.beta[j])));
    const w = Float64Array.from({ length: train.X.n }, (_, i) => 1 + (i % 3));
    const mw = new RidgeRegression({ alpha: 1 }).fit(train.X, train.target, w).coefficients();
    expect(Math.abs(mw.intercept - g.weightedIntercept)).toBeLessThan(1e-6 * Math.abs(g.weightedIntercept));
    for (let j = 0; j < mw.beta.length; j++) expect(Math.abs(mw.beta[j] - g.weightedBeta[j])).toBeLessThan(1e-6 * Math.max(1, Math.abs(g.weightedBeta[j])));
  });

  it('a noiseless linear target is recovered (R^2 = 1), even with an aliased column and alpha = 0', () => {
    const rng = new Rng(3);
    const n = 200;
    const x0 = Array.from({ length: n }, () => rng.normal());
    const x1 = Array.from({ length: n }, () => rng.normal());
    const c = Array.from({ length: n }, () => rng.int(3));
    const X = makeDesign([x0, x1, x0.map((v) => 2 * v + 1)], [c], [5]);
    const yy = Float64Array.from(x0.map((v, i) => 1 + 2 * v - 3 * x1[i] + (c[i] === 2 ? 4 : 0)));
    for (const alpha of [0, 1e-8]) {
      const m = new RidgeRegression({ alpha }).fit(X, { kind: 'regression', y: yy });
      expect(r2(yy, m.predict(X))).toBeGreaterThan(1 - 1e-10);
      expect(m.coefficients().beta.every((v) => Number.isFinite(v))).toBe(true);
    }
    // rank: intercept + x0 + x1 (x2 aliased) + 2 non-reference levels of c
    expect(new RidgeRegression({ alpha: 0 }).fit(X, { kind: 'regression', y: yy }).nParams()).toBe(5);
  });

  it('refuses classification targets', () => {
    expect(() => new RidgeRegression().fit(train.X, { kind: 'classification', y: new Int32Array(train.X.n), nClasses: 2 })).toThrow(/classification/);
    expect(y.length).toBe(train.X.n);
  });
});

describe('learner zoo', () => {
  it('labels are stable and show the main setting', () => {
    expect(learnerLabel({ type: 'logistic' })).toBe('logistic(C=1)');
    expect(learnerLabel({ type: 'logistic', C: Infinity })).toBe('logistic(C=inf)');
    expect(learnerLabel({ type: 'tree', maxDepth: 3 })).toBe('tree(depth=3)');
    expect(learnerLabel({ type: 'tree' })).toBe('tree(depth=none)');
    expect(learnerLabel({ type: 'forest' })).toBe('forest(trees=100)');
    expect(learnerLabel({ type: 'forest', nTrees: 50, maxDepth: 8, maxFeatures: 'sqrt' })).toBe('forest(trees=50,depth=8,features=sqrt)');
    expect(learnerLabel({ type: 'boosting' })).toBe('boosting(rounds=100,lr=0.1,depth=3)');
    expect(learnerLabel({ type: 'naive-bayes' })).toBe('naive-bayes');
    expect(learnerLabel({ type: 'ridge', alpha: 0.5 })).toBe('ridge(alpha=0.5)');
  });

  it('makeLearner builds each type; unknown types are a UserError', () => {
    const rng = new Rng(1);
    expect(makeLearner({ type: 'logistic', C: 2 }, rng)).toBeInstanceOf(LogisticRegression);
    expect(makeLearner({ type: 'tree' }, rng)).toBeInstanceOf(DecisionTree);
    expect(makeLearner({ type: 'forest', nTrees: 5 }, rng)).toBeInstanceOf(RandomForest);
    expect(makeLearner({ type: 'boosting' }, rng)).toBeInstanceOf(GradientBoosting);
    expect(makeLearner({ type: 'naive-bayes' }, rng).name).toBe('naive-bayes');
    expect(makeLearner({ type: 'ridge' }, rng).name).toBe('ridge');
    expect(() => makeLearner({ type: 'svm' } as unknown as LearnerSpec, rng)).toThrow(UserError);
    expect(supportsTask('ridge', 'classification')).toBe(false);
    expect(supportsTask('forest', 'regression')).toBe(true);
    expect(supportsTask('naive-bayes', 'regression')).toBe(false);
  });

  it('same spec and rng seed give identical predictions for every learner', () => {
    const { train, holdout } = sharedSplit('german_credit', 'class');
    const specs: LearnerSpec[] = [{ type: 'logistic' }, { type: 'tree', maxDepth: 5 }, { type: 'forest', nTrees: 10 }, { type: 'boosting', nEstimators: 10 }, { type: 'naive-bayes' }];
    for (const s of specs) {
      const a = makeLearner(s, new Rng(9)).fit(train.X, train.target).predict(holdout.X);
      const b = makeLearner(s, new Rng(9)).fit(train.X, train.target).predict(holdout.X);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });
});

describe('degenerate designs', () => {
  // no feature columns at all: every learner predicts the (weighted) class shares / mean
  const empty = { n: 6, num: [], numNames: [], cat: [], catSizes: [], catNames: [] };
  const y = classTarget([0, 0, 0, 1, 1, 0]);
  const shares = [4 / 6, 2 / 6];
  const specs: LearnerSpec[] = [{ type: 'logistic', C: Infinity }, { type: 'tree' }, { type: 'forest', nTrees: 5 }, { type: 'naive-bayes' }];
  for (const s of specs) {
    it(`${learnerLabel(s)} with no features predicts the class shares`, () => {
      const m = makeLearner(s, new Rng(1)).fit(empty, y);
      const p = m.predict(empty);
      if (s.type === 'forest') {
        // bootstrap shares vary per tree; rows are identical and sum to 1
        for (let i = 0; i < 6; i++) expect(p[i * 2] + p[i * 2 + 1]).toBeCloseTo(1, 12);
        expect(p[0]).toBe(p[10]);
      } else {
        expect(p[0]).toBeCloseTo(shares[0], 8);
        expect(p[1]).toBeCloseTo(shares[1], 8);
      }
    });
  }
  it('boosting with no features converges towards the class shares; ridge predicts the mean', () => {
    const p = new GradientBoosting({ minSamplesLeaf: 1 }).fit(empty, y).predict(empty);
    expect(p[1]).toBeCloseTo(2 / 6, 12);
    const r = new RidgeRegression().fit(empty, { kind: 'regression', y: Float64Array.of(1, 2, 3, 4, 5, 9) }).predict(empty);
    expect(r[0]).toBeCloseTo(4, 12);
  });
  it('a single row and a single class do not break any learner', () => {
    const X = makeDesign([[0.5]], [[1]], [3]);
    const t1 = classTarget([1], 2);
    for (const s of [{ type: 'logistic' }, { type: 'tree' }, { type: 'forest', nTrees: 3 }, { type: 'boosting', nEstimators: 3 }, { type: 'naive-bayes' }] as LearnerSpec[]) {
      const p = makeLearner(s, new Rng(1)).fit(X, t1).predict(X);
      expect(p.length).toBe(2);
      expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
      expect(p[1]).toBeGreaterThan(0.5);
    }
  });
});
