import { describe, expect, it } from 'vitest';
import { LogisticRegression } from '../../src/learners/logistic.js';
import type { Design } from '../../src/learners/learner.js';
import { accuracy } from '../../src/learners/scoring.js';
import { Rng } from '../../src/rng.js';
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

describe('LogisticRegression: stopping and separation', () => {
  it('unpenalised fit reaches the score equations on an 8k-row propensity stack (line search near the rounding of the objective)', async () => {
    const { loadShared, subsample } = await import('../helpers/data.js');
    const { prepare } = await import('../../src/prepare.js');
    const { concatEncoded } = await import('../../src/domain.js');
    const { designFrom } = await import('../../src/learners/learner.js');
    const real = subsample(loadShared('adult', 'train'), 5000, 1);
    const other = subsample(loadShared('adult', 'holdout'), 3000, 11);
    const pr = prepare(real, other, other);
    const st = concatEncoded(pr.real, pr.holdout);
    const cols = ['age', 'education_num', 'hours_per_week', 'capital_gain', 'sex', 'race', 'relationship', 'fnlwgt', 'capital_loss'];
    const X = designFrom(st, pr.domain.columns.map((_, j) => j).filter((j) => cols.includes(pr.domain.columns[j].name)));
    const y = Int32Array.from({ length: st.n }, (_, i) => (i < pr.real.n ? 0 : 1));
    const m = new LogisticRegression({ C: Infinity }).fit(X, { kind: 'classification', y, nClasses: 2 });
    expect(m.converged).toBe(true);
    // gradient of the log-likelihood: intercept and numeric columns (all estimated here); the objective is ~5000, so
    // its rounding (~1e-12) is far above the last Newton decreases, which an objective-only rule cannot see
    const p = m.predict(X);
    const g = new Float64Array(1 + X.num.length);
    for (let i = 0; i < X.n; i++) {
      const r = p[2 * i + 1] - y[i];
      g[0] += r;
      for (let a = 0; a < X.num.length; a++) g[1 + a] += r * X.num[a][i];
    }
    for (let k = 0; k < g.length; k++) expect(Math.abs(g[k]), `score ${k}`).toBeLessThan(1e-9);
  });

  // c0 code 3 occurs only in class-0 rows: the MLE sends its coefficient to -infinity (quasi-separation)
  const sepData = () => {
    const rng = new Rng(5);
    const n = 400;
    const x = Array.from({ length: n }, () => rng.normal());
    const c0 = Array.from({ length: n }, (_, i) => (i < 6 ? 3 : rng.int(3)));
    const c1 = Array.from({ length: n }, () => rng.int(3));
    const y = x.map((v, i) => (i < 6 ? 0 : rng.random() < 1 / (1 + Math.exp(-(0.8 * v + 0.5 * c0[i] - 0.4 * c1[i]))) ? 1 : 0));
    return { X: makeDesign([x], [c0, c1], [4, 3]), y };
  };

  it('settleSeparation: separated rows at their limit (p = 0), the rest = the fit without them, = the limit of plain Newton', () => {
    const { X, y } = sepData();
    const t = classTarget(y);
    const settled = new LogisticRegression({ C: Infinity, settleSeparation: true }).fit(X, t);
    const plain = new LogisticRegression({ C: Infinity }).fit(X, t);
    const w = Float64Array.from(y, (_, i) => (i < 6 ? 0 : 1));
    const dropped = new LogisticRegression({ C: Infinity }).fit(X, t, w);
    expect(settled.settledRows).toBe(6);
    expect(plain.settledRows).toBe(0);
    expect(settled.converged).toBe(true);
    const ps = settled.predict(X);
    const pp = plain.predict(X);
    const pd = dropped.predict(X);
    for (let i = 0; i < 6; i++) expect(ps[2 * i + 1]).toBe(0);
    for (let i = 6; i < X.n; i++) expect(ps[2 * i + 1]).toBe(pd[2 * i + 1]);
    // plain Newton drifts towards the same limit (one unit of log-odds per step) and stops when the probabilities settle
    expect(maxAbsDiff(ps, pp)).toBeLessThan(1e-8);
    expect(settled.nIter).toBeLessThan(plain.nIter);
    // parameters: the full-data count; the settled code's coefficient is its limit
    expect(settled.nParams()).toBe(plain.nParams());
    expect(settled.nParams()).toBe(dropped.nParams() + 1);
    const names = settled.coefficients().names;
    const k3 = names.indexOf('c0=3');
    expect(settled.coefficients().beta[k3]).toBe(-Infinity);
    expect(plain.coefficients().beta[k3]).toBeLessThan(-15);
    expect(Number.isFinite(plain.coefficients().beta[k3])).toBe(true);
    expect(settled.coefficientTable()[1 + k3].estimate).toBe(-Infinity);
    // the other coefficients are the fit without the separated rows
    const bs = settled.coefficients().beta;
    const bd = dropped.coefficients().beta;
    for (let k = 0; k < bs.length; k++) if (k !== k3) expect(bs[k]).toBe(bd[k]);
    // no separation: the option changes nothing
    const clean = { ...X, cat: [X.cat[0].map((c) => (c === 3 ? 0 : c)), X.cat[1]] };
    const a = new LogisticRegression({ C: Infinity, settleSeparation: true }).fit(clean, t);
    const b = new LogisticRegression({ C: Infinity }).fit(clean, t);
    expect(a.settledRows).toBe(0);
    expect(Array.from(a.predict(clean))).toEqual(Array.from(b.predict(clean)));
  });

  it('settleSeparation in rounds: a code one-class only once the first round is removed; earliest round decides predictions', () => {
    // c0 = 1 only in class-1 rows (round 1, +); c1 = 1 in class-0 rows and in the c0 = 1 rows (round 2, -);
    // c2 = 1 only in class-0 rows (round 1, -)
    const { X: base, y: y0 } = sepData();
    const n = base.n;
    const y = y0.slice();
    const c0 = Array.from({ length: n }, () => 0);
    const c1 = Array.from({ length: n }, () => 0);
    const c2 = Array.from({ length: n }, () => 0);
    for (let i = 0; i < 4; i++) {
      y[i] = 1;
      c0[i] = 1;
      c1[i] = 1;
    }
    for (let i = 4; i < 9; i++) {
      y[i] = 0;
      c1[i] = 1;
    }
    for (let i = 9; i < 12; i++) {
      y[i] = 0;
      c2[i] = 1;
    }
    const X = makeDesign([Array.from(base.num[0])], [c0, c1, c2], [2, 2, 2]);
    const t = classTarget(y);
    const m = new LogisticRegression({ C: Infinity, settleSeparation: true }).fit(X, t);
    expect(m.settledRows).toBe(12);
    const p = m.predict(X);
    for (let i = 0; i < 4; i++) expect(p[2 * i + 1]).toBe(1); // c0 (round 1) beats c1 (round 2)
    for (let i = 4; i < 12; i++) expect(p[2 * i + 1]).toBe(0);
    for (let i = 12; i < n; i++) expect(p[2 * i + 1]).toBeGreaterThan(0);
    // same limit as plain Newton on the training rows
    const plain = new LogisticRegression({ C: Infinity, maxIter: 200 }).fit(X, t);
    expect(maxAbsDiff(p, plain.predict(X))).toBeLessThan(1e-6);
    // new rows: c0 and c2 (both round 1, opposite signs) tie -> the finite model; c2 and c1 -> 0; c0 alone -> 1
    const q = m.predict(makeDesign([[0.3, 0.3, 0.3]], [[1, 0, 1], [0, 1, 0], [1, 1, 0]], [2, 2, 2]));
    expect(q[1]).toBeGreaterThan(0);
    expect(q[1]).toBeLessThan(1);
    expect(q[3]).toBe(0);
    expect(q[5]).toBe(1);
  });
});
