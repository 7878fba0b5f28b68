import { describe, expect, it } from 'vitest';
import { classificationScores, prepareClassPredictions, prepareRegPredictions, regressionScores, sortScores, weightedAuc, primaryScore, LOGLOSS_EPS } from '../../../src/learners/scoring.js';

const auc = (s: number[], y: number[], w?: number[]) => weightedAuc(sortScores(s, y), w ? Float64Array.from(w) : undefined);

describe('weighted ROC AUC', () => {
  it('matches the hand value on a textbook example', () => {
    // pos {0.35, 0.8}, neg {0.1, 0.4}: 3 of 4 pairs ordered right
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 14);
  });
  it('counts tied positive/negative pairs as 1/2', () => {
    // pos {0.5, 0.9}, neg {0.5, 0.2}: 0.5 + 1 + 1 + 1 = 3.5 of 4
    expect(auc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBeCloseTo(0.875, 14);
    expect(auc([0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0])).toBe(0.5);
  });
  it('weights equal row multiplicities', () => {
    const s = [0.5, 0.5, 0.2, 0.9, 0.4];
    const y = [1, 0, 0, 1, 1];
    const w = [2, 1, 0, 1, 3];
    const xs: number[] = [];
    const xy: number[] = [];
    s.forEach((v, i) => {
      for (let k = 0; k < w[i]; k++) {
        xs.push(v);
        xy.push(y[i]);
      }
    });
    expect(auc(s, y, w)).toBeCloseTo(auc(xs, xy)!, 14);
  });
  it('is null without positives or negatives', () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNull();
    expect(auc([0.1, 0.2, 0.3], [1, 0, 1], [1, 0, 1])).toBeNull();
  });
});

describe('classification scores worked by hand (3 classes)', () => {
  const y = Int32Array.from([0, 0, 1, 1, 2, 2]);
  // argmax: 0, 1, 1, 1, 2, 0
  const proba = Float64Array.from([0.7, 0.2, 0.1, 0.3, 0.6, 0.1, 0.2, 0.5, 0.3, 0.1, 0.8, 0.1, 0.2, 0.2, 0.6, 0.5, 0.1, 0.4]);
  const p = prepareClassPredictions(y, proba, 3);
  const s = classificationScores(p);
  it('accuracy, balanced accuracy, macro-F1', () => {
    expect(s.accuracy).toBeCloseTo(4 / 6, 14);
    expect(s.balancedAccuracy).toBeCloseTo((1 / 2 + 1 + 1 / 2) / 3, 14);
    // F1: class 0 = 2*1/(2+2), class 1 = 2*2/(2+3), class 2 = 2*1/(2+1)
    expect(s.macroF1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 14);
  });
  it('one-vs-rest macro AUC and log-loss', () => {
    // class 0: 7/8, class 1: 7/8, class 2: 8/8
    expect(s.rocAuc).toBeCloseTo((0.875 + 0.875 + 1) / 3, 14);
    expect(s.logLoss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.3) + Math.log(0.5) + Math.log(0.8) + Math.log(0.6) + Math.log(0.4)) / 6, 14);
    expect(primaryScore(p)).toBe(s.rocAuc);
  });
  it('weights with all ones change nothing; zero weights drop rows', () => {
    const ones = classificationScores(p, new Float64Array(6).fill(1));
    expect(ones).toEqual(s);
    // keep rows 0..3 only: classes 0 and 1 present in y; 2 never true and never predicted there
    const w = Float64Array.from([1, 1, 1, 1, 0, 0]);
    const sub = classificationScores(p, w);
    expect(sub.accuracy).toBeCloseTo(3 / 4, 14);
    expect(sub.balancedAccuracy).toBeCloseTo((1 / 2 + 1) / 2, 14);
    // F1 over labels in y_true or y_pred (0 and 1): class 0 = 2/(2+1), class 1 = 4/(2+3)
    expect(sub.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 14);
  });
  it('binary AUC uses class 1 and log-loss clips at the floor', () => {
    const yb = Int32Array.from([0, 1, 1, 0]);
    const pb = Float64Array.from([1, 0, 0, 1, 0.4, 0.6, 0, 1]);
    const sc = classificationScores(prepareClassPredictions(yb, pb, 2));
    // class-1 scores [0, 1, 0.6, 1]; pos {1, 0.6}, neg {0, 1}: 1 + 1/2 + 1 + 0 = 2.5 of 4
    expect(sc.rocAuc).toBeCloseTo(0.625, 14);
    expect(sc.logLoss).toBeCloseTo((0 + 0 + -Math.log(0.6) + -Math.log(LOGLOSS_EPS)) / 4, 12);
  });
});

describe('regression scores worked by hand', () => {
  it('R^2, MAE, RMSE', () => {
    const p = prepareRegPredictions(Float64Array.from([1, 2, 3, 4]), Float64Array.from([1.5, 2, 2, 5]));
    const s = regressionScores(p);
    // residuals [-0.5, 0, 1, -1]: SS_res = 2.25, SS_tot = 5
    expect(s.r2).toBeCloseTo(1 - 2.25 / 5, 14);
    expect(s.mae).toBeCloseTo(0.625, 14);
    expect(s.rmse).toBeCloseTo(0.75, 14);
    expect(primaryScore(p)).toBe(s.r2);
  });
  it('perfect predictions give R^2 = 1; a constant outcome gives R^2 null', () => {
    expect(regressionScores(prepareRegPredictions(Float64Array.from([1, 2, 3]), Float64Array.from([1, 2, 3]))).r2).toBe(1);
    const c = regressionScores(prepareRegPredictions(Float64Array.from([2, 2, 2]), Float64Array.from([1, 2, 3])));
    expect(c.r2).toBeNull();
    expect(c.mae).toBeCloseTo(2 / 3, 14);
  });
  it('weights equal row multiplicities', () => {
    const y = [1, 2, 3, 4, 7];
    const f = [1.5, 2, 2, 5, 6];
    const w = [2, 0, 1, 3, 1];
    const xy: number[] = [];
    const xf: number[] = [];
    y.forEach((v, i) => {
      for (let k = 0; k < w[i]; k++) {
        xy.push(v);
        xf.push(f[i]);
      }
    });
    const a = regressionScores(prepareRegPredictions(Float64Array.from(y), Float64Array.from(f)), Float64Array.from(w));
    const b = regressionScores(prepareRegPredictions(Float64Array.from(xy), Float64Array.from(xf)));
    expect(a.r2).toBeCloseTo(b.r2!, 12);
    expect(a.mae).toBeCloseTo(b.mae!, 12);
    expect(a.rmse).toBeCloseTo(b.rmse!, 12);
  });
});

describe('agreement with the learners scoring helpers (src/learners/scoring.ts) on real model outputs', () => {
  it('classification (binary and multiclass) and regression give the same numbers unweighted', async () => {
    const { loadShared } = await import('../../helpers/data.js');
    const { makeCtx } = await import('./fixtures.js');
    const { resolveTarget, splitTarget } = await import('../../../metrics/utility/target.js');
    const { designFrom } = await import('../../../src/learners/learner.js');
    const { makeLearner } = await import('../../../src/learners/index.js');
    const sk = await import('../../../src/learners/scoring.js');
    const { Rng } = await import('../../../src/rng.js');
    const real = loadShared('german_credit', 'train');
    const hold = loadShared('german_credit', 'holdout');
    for (const target of ['class', 'checking_status', 'credit_amount']) {
      const ctx = makeCtx(real, hold, real, target);
      const info = resolveTarget(ctx) as any;
      const tr = splitTarget(ctx.real, info);
      const ho = splitTarget(ctx.holdout, info);
      const X = designFrom(tr.enc, info.features);
      const Xh = designFrom(ho.enc, info.features);
      const specs: any[] = info.kind === 'classification' ? [{ type: 'logistic', C: 1 }, { type: 'tree', maxDepth: 4 }, { type: 'naive-bayes' }] : [{ type: 'ridge', alpha: 1 }, { type: 'tree', maxDepth: 4 }];
      for (const spec of specs) {
        const out = makeLearner(spec, new Rng(1)).fit(X, tr.target).predict(Xh);
        if (info.kind === 'classification') {
          const y = (ho.target as any).y as Int32Array;
          const s = classificationScores(prepareClassPredictions(y, out, info.classes.length));
          expect(s.accuracy).toBeCloseTo(sk.accuracy(out, y), 12);
          expect(s.balancedAccuracy).toBeCloseTo(sk.balancedAccuracy(out, y), 12);
          expect(s.macroF1).toBeCloseTo(sk.macroF1(out, y), 12);
          expect(s.rocAuc).toBeCloseTo(sk.rocAuc(out, y), 12);
          expect(s.logLoss).toBeCloseTo(sk.logLoss(out, y), 12);
        } else {
          const y = (ho.target as any).y as Float64Array;
          const s = regressionScores(prepareRegPredictions(y, out));
          expect(s.r2).toBeCloseTo(sk.r2(y, out), 12);
          expect(s.mae).toBeCloseTo(sk.mae(y, out), 12);
          expect(s.rmse).toBeCloseTo(sk.rmse(y, out), 12);
        }
      }
    }
  });
});
