import { describe, expect, it } from 'vitest';
import { LogisticRegression } from '../../src/learners/logistic.js';
import type { Design } from '../../src/learners/learner.js';
import { accuracy } from '../../src/learners/scoring.js';
import { classTarget, goldens, makeDesign, maxAbsDiff, repeatRows, sharedSplit } from './setup.js';

const relClose = (a: number, b: number, rel: number, abs = 1e-7) => Math.abs(a - b) <= rel * Math.abs(b) + abs;

describe('LogisticRegression: worked by hand', () => {
  // one categorical column, group A (code 0): 3 of 4 positive, group B (code 1): 1 of 4 positive.
  // Unpenalised MLE with A as reference: intercept = logit(3/4) = ln 3, beta_B = logit(1/4) - ln 3 = -2 ln 3.
  // Information: intercept var = 1/(4 * 3/4 * 1/4) = 4/3; beta_B var = 4/3 + 4/3 = 8/3.
  const X = makeDesign([], [[0, 0, 0, 0, 1, 1, 1, 1]], [3]);
  const t = classTarget([1, 1, 1, 0, 1, 0, 0, 0]);
  it('saturated logit equals the group log-odds, with textbook standard errors', () => {
    const m = new LogisticRegression({ C: Infinity }).fit(X, t);
    const c = m.coefficients();
    expect(c.names).toEqual(['c0=0', 'c0=1', 'c0=2']);
    expect(c.intercept[0]).toBeCloseTo(Math.log(3), 10);
    expect(c.beta[0]).toBe(0); // reference level
    expect(c.beta[1]).toBeCloseTo(-2 * Math.log(3), 10);
    expect(c.beta[2]).toBe(0); // code without rows
    const se = m.standardErrors()!;
    expect(se[0]).toBeCloseTo(Math.sqrt(4 / 3), 8);
    expect(Number.isNaN(se[1])).toBe(true);
    expect(se[2]).toBeCloseTo(Math.sqrt(8 / 3), 8);
    expect(Number.isNaN(se[3])).toBe(true);
    expect(m.nParams()).toBe(2);
    const p = m.predict(X);
    expect(p[1]).toBeCloseTo(0.75, 10);
    expect(p[4 * 2 + 1]).toBeCloseTo(0.25, 10);
    expect(m.converged).toBe(true);
    // objective = sum log-loss = -4 (3/4 ln 3/4 + 1/4 ln 1/4) * 2
    expect(m.objective()).toBeCloseTo(-8 * (0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), 10);
  });

  it('penalised: the gradient of C*sum logloss + beta^2/2 vanishes (intercept unpenalised)', () => {
    const m = new LogisticRegression({ C: 0.5 }).fit(X, t);
    const c = m.coefficients();
    const p = m.predict(X);
    const y = t.y as Int32Array;
    let g0 = 0;
    const gb = [0, 0, 0];
    for (let i = 0; i < 8; i++) {
      const r = p[i * 2 + 1] - y[i];
      g0 += r;
      gb[X.cat[0][i]] += r;
    }
    expect(Math.abs(g0)).toBeLessThan(1e-9);
    for (let k = 0; k < 3; k++) expect(Math.abs(0.5 * gb[k] + c.beta[k])).toBeLessThan(1e-9);
    expect(c.beta[2]).toBe(0); // no rows: its optimum under the penalty is exactly 0
    expect(m.nParams()).toBe(2);
  });
});

describe('LogisticRegression vs scikit-learn (German credit, target class, positive = bad)', () => {
  const g = goldens.german_credit;
  const { train, holdout } = sharedSplit('german_credit', 'class');
  for (const key of ['C=1', 'C=0.1']) {
    it(`${key}: coefficients, objective, standard errors and holdout probabilities`, () => {
      const gold = g[key];
      expect(gold.gradMaxAbs).toBeLessThan(1e-6); // the golden itself is converged
      const m = new LogisticRegression({ C: Number(key.slice(2)) }).fit(train.X, train.target);
      const c = m.coefficients();
      expect(c.names).toEqual(g.names);
      expect(relClose(c.intercept[0], gold.intercept, 1e-4)).toBe(true);
      let worst = 0;
      for (let j = 0; j < c.beta.length; j++) worst = Math.max(worst, Math.abs(c.beta[j] - gold.beta[j]) / Math.max(1e-3, Math.abs(gold.beta[j])));
      expect(worst).toBeLessThan(1e-4);
      expect(relClose(m.objective(), gold.objective, 1e-9)).toBe(true);
      expect(relClose(m.logLoss(train.X, train.target), gold.trainLogLoss, 1e-8)).toBe(true);
      const se = m.standardErrors()!;
      // golden SEs come from the full one-hot; codes without rows are not estimated here (NaN)
      for (let k = 0; k < se.length; k++) if (Number.isFinite(se[k])) expect(relClose(se[k], gold.se[k], 1e-4)).toBe(true);
      const ph = m.predict(holdout.X);
      for (let i = 0; i < 20; i++) expect(Math.abs(ph[i * 2 + 1] - gold.holdoutProbaFirst20[i])).toBeLessThan(1e-6);
      expect(accuracy(ph, holdout.target.y as Int32Array)).toBeCloseTo(gold.holdoutAccuracy, 10);
      expect(m.converged).toBe(true);
    });
  }

  it('C=Infinity: reference coding matches an unpenalised sklearn fit on the reduced one-hot', () => {
    const gold = g['C=inf'];
    const m = new LogisticRegression({ C: Infinity }).fit(train.X, train.target);
    const c = m.coefficients();
    const se = m.standardErrors()!;
    expect(relClose(c.intercept[0], gold.intercept, 1e-4)).toBe(true);
    expect(relClose(se[0], gold.se[0], 1e-4)).toBe(true);
    const byName = new Map<string, number>(c.names.map((nm, j) => [nm, j]));
    gold.names.forEach((nm: string, r: number) => {
      const j = byName.get(nm)!;
      // a level whose rows are all one class (quasi-separation) has its MLE at -/+ infinity: both fits stop somewhere large
      if (Math.abs(gold.beta[r]) > 10) {
        expect(Math.abs(c.beta[j])).toBeGreaterThan(10);
        expect(Math.sign(c.beta[j])).toBe(Math.sign(gold.beta[r]));
        return;
      }
      expect(relClose(c.beta[j], gold.beta[r], 1e-4, 1e-6)).toBe(true);
      expect(relClose(se[1 + j], gold.se[1 + r], 1e-4)).toBe(true);
    });
    // everything not in the reduced design is fixed at 0 and not estimated
    const estimated = new Set(gold.names);
    c.names.forEach((nm, j) => {
      if (!estimated.has(nm)) {
        expect(c.beta[j]).toBe(0);
        expect(Number.isNaN(se[1 + j])).toBe(true);
      }
    });
    expect(m.nParams()).toBe(gold.nParams);
    // the log-likelihood is at least as good as sklearn's (which stops earlier along the separated direction)
    expect(m.logLoss(train.X, train.target)).toBeLessThanOrEqual(gold.trainLogLoss + 1e-10);
    expect(relClose(m.logLoss(train.X, train.target), gold.trainLogLoss, 1e-8)).toBe(true);
  });

  it('multinomial (target job, 4 classes, C=1): coefficients and probabilities', () => {
    const gm = g.multinomial;
    const s = sharedSplit('german_credit', 'job');
    const m = new LogisticRegression({ C: 1 }).fit(s.train.X, s.train.target);
    const c = m.coefficients();
    expect(c.names).toEqual(gm.names);
    const P = c.names.length;
    let worst = 0;
    for (let k = 0; k < 4; k++) for (let j = 0; j < P; j++) worst = Math.max(worst, Math.abs(c.beta[k * P + j] - gm.beta[k][j]));
    expect(worst).toBeLessThan(1e-4);
    // intercepts are identified up to a common shift; both fits keep their sum at 0
    expect(maxAbsDiff(c.intercept, gm.intercept)).toBeLessThan(1e-4);
    expect(relClose(m.objective(), gm.objective, 1e-8)).toBe(true);
    const ph = m.predict(s.holdout.X);
    for (let i = 0; i < 10; i++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) {
        expect(Math.abs(ph[i * 4 + k] - gm.holdoutProbaFirst10[i][k])).toBeLessThan(1e-5);
        sum += ph[i * 4 + k];
      }
      expect(sum).toBeCloseTo(1, 12);
    }
    expect(m.standardErrors()).toBeNull();
    expect(m.converged).toBe(true);
  });
});

describe('LogisticRegression: identifiability, weights, separation', () => {
  it('nParams counts identifiable parameters: aliased numeric and codes without rows drop out', () => {
    // x1 = 2 x0 - 1 (aliased with intercept + x0); c0 has 4 codes, 3 present -> 1 + 1 + (3 - 1) = 4
    const x0 = [0.1, 0.5, -1, 2, 0.3, -0.7, 1.1, 0.2, -0.4, 0.9];
    const X = makeDesign([x0, x0.map((v) => 2 * v - 1)], [[0, 1, 2, 0, 1, 2, 0, 1, 2, 0]], [4]);
    const t = classTarget([0, 1, 0, 1, 1, 0, 1, 0, 0, 1]);
    for (const C of [1, Infinity]) {
      const m = new LogisticRegression({ C }).fit(X, t);
      expect(m.nParams()).toBe(4);
    }
    const m = new LogisticRegression({ C: Infinity }).fit(X, t);
    const c = m.coefficients();
    expect(c.beta[1]).toBe(0); // x1 aliased, fixed at 0
    expect(c.beta.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('integer weights equal duplicated rows', () => {
    const { train } = sharedSplit('german_credit', 'class');
    const n = 150;
    const counts = Array.from({ length: n }, (_, i) => (i * 7) % 4); // 0..3, some rows dropped
    const X: Design = { ...train.X, n, num: train.X.num.map((a) => a.slice(0, n)), cat: train.X.cat.map((a) => a.slice(0, n)) };
    const y = (train.target.y as Int32Array).slice(0, n);
    const w = Float64Array.from(counts);
    const rep = repeatRows(X, y, counts);
    // unpenalised on the numeric columns only (the full one-hot separates 150 rows, where the optimum is at infinity)
    const numOnly = (d: Design): Design => ({ ...d, cat: [], catSizes: [], catNames: [] });
    for (const C of [1, Infinity]) {
      const a = new LogisticRegression({ C }).fit(C === 1 ? X : numOnly(X), { kind: 'classification', y, nClasses: 2 }, w);
      const b = new LogisticRegression({ C }).fit(C === 1 ? rep.X : numOnly(rep.X), { kind: 'classification', y: rep.y, nClasses: 2 });
      expect(maxAbsDiff(a.coefficients().beta, b.coefficients().beta)).toBeLessThan(1e-7);
      expect(Math.abs(a.coefficients().intercept[0] - b.coefficients().intercept[0])).toBeLessThan(1e-7);
      expect(a.nParams()).toBe(b.nParams());
    }
  });

  it('perfect separation without penalty stays finite and classifies perfectly', () => {
    const X = makeDesign([[-3, -2, -1, -0.5, 0.5, 1, 2, 3]], [[0, 1, 0, 1, 0, 1, 0, 1]], [2]);
    const t = classTarget([0, 0, 0, 0, 1, 1, 1, 1]);
    const m = new LogisticRegression({ C: Infinity, maxIter: 50 }).fit(X, t);
    const c = m.coefficients();
    expect(c.beta.every((v) => Number.isFinite(v))).toBe(true);
    expect(Number.isFinite(c.intercept[0])).toBe(true);
    const p = m.predict(X);
    expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    expect(accuracy(p, t.y as Int32Array)).toBe(1);
    expect(m.logLoss(X, t)).toBeLessThan(1e-6);
  });

  it('a single class present, and a class with no rows in a multinomial fit, stay finite', () => {
    const X = makeDesign([[0, 1, 2, 3, 4, 5]]);
    const one = new LogisticRegression({ C: 1 }).fit(X, classTarget([0, 0, 0, 0, 0, 0], 2));
    expect(one.predict(X).every((v) => Number.isFinite(v))).toBe(true);
    expect(one.predict(X)[0]).toBeGreaterThan(0.99);
    const multi = new LogisticRegression({ C: 1 }).fit(X, classTarget([0, 0, 1, 1, 3, 3], 4));
    const p = multi.predict(X);
    for (let i = 0; i < 6; i++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += p[i * 4 + k];
      expect(s).toBeCloseTo(1, 12);
      expect(p[i * 4 + 2]).toBeLessThan(0.05);
    }
  });

  it('rejects regression targets and bad inputs with a plain Error', () => {
    const X = makeDesign([[0, 1]]);
    expect(() => new LogisticRegression().fit(X, { kind: 'regression', y: Float64Array.of(0, 1) })).toThrow(/regression/);
    expect(() => new LogisticRegression().fit(X, classTarget([0, 2], 2))).toThrow(/outside/);
    expect(() => new LogisticRegression().fit(X, classTarget([0, 1]), Float64Array.of(1, -1))).toThrow(/weight/);
  });
});

describe('LogisticRegression on Adult (train -> holdout, target income)', () => {
  it('matches scikit-learn objective and holdout accuracy', () => {
    const a = goldens.adult['logistic(C=1)'];
    const { train, holdout } = sharedSplit('adult', 'income');
    const m = new LogisticRegression({ C: 1 }).fit(train.X, train.target);
    expect(relClose(m.objective(), a.objective, 1e-7)).toBe(true);
    const acc = accuracy(m.predict(holdout.X), holdout.target.y as Int32Array);
    expect(Math.abs(acc - a.accuracy)).toBeLessThan(0.002);
    expect(m.converged).toBe(true);
  });
});
