import { describe, expect, it } from 'vitest';
import { accuracy, argmaxRows, aucFromScores, balancedAccuracy, logLoss, macroF1, mae, r2, rmse, rocAuc } from '../../src/learners/scoring.js';

// four rows, two classes; row 2 is a tie (0.5/0.5) and the first class wins it
const P2 = Float64Array.from([0.9, 0.1, 0.4, 0.6, 0.5, 0.5, 0.2, 0.8]);
const Y2 = Int32Array.from([0, 0, 0, 1]);

describe('classification scores, worked by hand', () => {
  it('argmax takes the first class on ties', () => {
    expect(Array.from(argmaxRows(P2, 4))).toEqual([0, 1, 0, 1]);
  });
  it('accuracy = 3/4', () => {
    expect(accuracy(P2, Y2)).toBe(0.75);
  });
  it('balanced accuracy = mean(2/3, 1/1)', () => {
    expect(balancedAccuracy(P2, Y2)).toBeCloseTo((2 / 3 + 1) / 2, 14);
  });
  it('macro F1 = mean(2*2/(3+2), 2*1/(1+2))', () => {
    expect(macroF1(P2, Y2)).toBeCloseTo((4 / 5 + 2 / 3) / 2, 14);
  });
  it('macro F1 ignores classes neither true nor predicted, and scores 0 for a predicted-only class', () => {
    // K = 3, class 2 never occurs: F1 over {0, 1}
    const P = Float64Array.from([1, 0, 0, 0, 1, 0]);
    expect(macroF1(P, Int32Array.from([0, 1]))).toBe(1);
    // class 1 predicted but never true: F1_1 = 0, F1_0 = 2*1/(2+1)
    const Q = Float64Array.from([1, 0, 0, 1]);
    expect(macroF1(Q, Int32Array.from([0, 0]))).toBeCloseTo((2 / 3 + 0) / 2, 14);
  });
  it('log-loss = -mean log p(true), clipped at 1e-15', () => {
    expect(logLoss(P2, Y2)).toBeCloseTo(-(Math.log(0.9) + Math.log(0.4) + Math.log(0.5) + Math.log(0.8)) / 4, 14);
    const hard = Float64Array.from([1, 0, 0, 1]);
    expect(logLoss(hard, Int32Array.from([1, 1]))).toBeCloseTo(-(Math.log(1e-15) + 0) / 2, 10);
  });
  it('rejects probabilities whose length is not a multiple of the labels', () => {
    expect(() => accuracy(Float64Array.from([0.5, 0.5, 1]), Int32Array.from([0, 1]))).toThrow(/multiple/);
  });
});

describe('ROC AUC', () => {
  it('perfect ranking = 1, reversed = 0', () => {
    expect(rocAuc(P2, Y2)).toBe(1);
    expect(aucFromScores([0.9, 0.8, 0.1], [0, 0, 1])).toBe(0);
  });
  it('ties count one half (average ranks)', () => {
    // positives {0.5, 0.9}, negatives {0.5, 0.2}: pairs 0.5 (tie) + 1 + 1 + 1 over 4
    expect(aucFromScores([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBe(3.5 / 4);
    expect(aucFromScores([0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0])).toBe(0.5);
  });
  it('equals the pairwise definition on a larger case', () => {
    const s: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 60; i++) {
      s.push(((i * 37) % 11) / 10);
      y.push((i * 13) % 7 < 3 ? 1 : 0);
    }
    let num = 0;
    let den = 0;
    for (let i = 0; i < 60; i++) for (let j = 0; j < 60; j++) {
      if (y[i] === 1 && y[j] === 0) {
        den++;
        num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
    expect(aucFromScores(s, y)).toBeCloseTo(num / den, 14);
  });
  it('NaN when a class is absent', () => {
    expect(Number.isNaN(aucFromScores([0.1, 0.2], [1, 1]))).toBe(true);
  });
  it('multiclass: one-vs-rest macro over classes with positives and negatives', () => {
    // 3 classes, rows: y = 0, 1, 2, 0
    const P = Float64Array.from([
      0.7, 0.2, 0.1, //
      0.3, 0.4, 0.3, //
      0.2, 0.5, 0.3, //
      0.1, 0.1, 0.8,
    ]);
    const y = Int32Array.from([0, 1, 2, 0]);
    // class 0: scores (0.7, 0.3, 0.2, 0.1), positives rows 0 and 3 -> pairs: 0.7>0.3, 0.7>0.2, 0.1<0.3, 0.1<0.2 -> 2/4
    // class 1: scores (0.2, 0.4, 0.5, 0.1), positive row 1 (0.4) vs 0.2, 0.5, 0.1 -> 2/3
    // class 2: scores (0.1, 0.3, 0.3, 0.8), positive row 2 (0.3) vs 0.1, 0.3 (tie), 0.8 -> 1.5/3
    expect(rocAuc(P, y)).toBeCloseTo((0.5 + 2 / 3 + 0.5) / 3, 14);
  });
});

describe('regression scores', () => {
  const yt = [1, 2, 3, 4];
  const yp = [1.5, 2, 2, 4];
  it('R^2 = 1 - SS_res/SS_tot', () => {
    // SS_res = 0.25 + 0 + 1 + 0 = 1.25; SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5
    expect(r2(yt, yp)).toBeCloseTo(1 - 1.25 / 5, 14);
    expect(r2(yt, yt)).toBe(1);
    expect(r2([2, 2], [2, 2])).toBe(1);
    expect(r2([2, 2], [1, 3])).toBe(0);
  });
  it('MAE and RMSE', () => {
    expect(mae(yt, yp)).toBeCloseTo(1.5 / 4, 14);
    expect(rmse(yt, yp)).toBeCloseTo(Math.sqrt(1.25 / 4), 14);
  });
});
