import { describe, it, expect } from 'vitest';
import {
  wilson, clopperPearson, incompleteBeta, betaQuantile, normalQuantile, normalCdf, logGamma, rocAuc, rocCurve, tprAtFpr,
  controlRisk, epsilonFromBounds, midranks, miaSummary, rocPoints, ROC_LOW_FPRS,
} from '../../attacks/stats.js';

describe('normal and gamma helpers', () => {
  it('normal quantile and cdf match tabulated values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
  });
  it('logGamma of integers is log factorial', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 11);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 11);
  });
});

describe('incomplete beta', () => {
  it('has closed forms at special parameters', () => {
    for (const x of [0.01, 0.2, 0.5, 0.9]) {
      expect(incompleteBeta(x, 1, 1)).toBeCloseTo(x, 12);
      expect(incompleteBeta(x, 3, 1)).toBeCloseTo(x ** 3, 12);
      expect(incompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 12);
    }
    expect(incompleteBeta(0.5, 7, 7)).toBeCloseTo(0.5, 12);
    // binomial identity: P(Bin(10, 0.3) >= 4) = I_0.3(4, 7)
    let tail = 0;
    const C = (n: number, k: number) => { let c = 1; for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i; return c; };
    for (let k = 4; k <= 10; k++) tail += C(10, k) * 0.3 ** k * 0.7 ** (10 - k);
    expect(incompleteBeta(0.3, 4, 7)).toBeCloseTo(tail, 12);
  });
  it('betaQuantile inverts it', () => {
    expect(incompleteBeta(betaQuantile(0.025, 2, 9), 2, 9)).toBeCloseTo(0.025, 10);
    expect(betaQuantile(0.3, 1, 1)).toBeCloseTo(0.3, 10);
  });
});

describe('binomial intervals', () => {
  it('Wilson at 95% for 5 of 10 is (0.2366, 0.7634)', () => {
    const w = wilson(5, 10);
    expect(w.value).toBe(0.5);
    expect(w.centre).toBeCloseTo(0.5, 12);
    expect(w.lo).toBeCloseTo(0.2366, 4);
    expect(w.hi).toBeCloseTo(0.7634, 4);
  });
  it('Wilson by the formula for 0 of 20', () => {
    const z = normalQuantile(0.975);
    const w = wilson(0, 20);
    expect(w.lo).toBe(0);
    expect(w.hi).toBeCloseTo((z * z / 2 + (z * z / 2)) / (20 + z * z), 10); // centre + half-width = z^2/(n + z^2)
  });
  it('Clopper-Pearson one-sided upper for 0 of 10 at 95% is 1 - 0.05^(1/10)', () => {
    const cp = clopperPearson(0, 10, 0.95, 'upper');
    expect(cp.hi).toBeCloseTo(1 - 0.05 ** (1 / 10), 12);
    expect(cp.lo).toBe(0);
  });
  it('Clopper-Pearson two-sided matches published values', () => {
    const a = clopperPearson(5, 10);
    expect(a.lo).toBeCloseTo(0.187086, 5);
    expect(a.hi).toBeCloseTo(0.812914, 5);
    const b = clopperPearson(1, 10);
    expect(b.lo).toBeCloseTo(0.002529, 5);
    expect(b.hi).toBeCloseTo(0.445016, 5);
    const c = clopperPearson(10, 10);
    expect(c.hi).toBe(1);
    expect(c.lo).toBeCloseTo(0.025 ** (1 / 10), 12);
  });
  it('Clopper-Pearson bounds are exact tail probabilities', () => {
    // upper bound p satisfies P(Bin(n, p) <= k) = alpha
    const k = 3, n = 40;
    const up = clopperPearson(k, n, 0.95, 'upper').hi;
    expect(1 - incompleteBeta(up, k + 1, n - k)).toBeCloseTo(0.05, 9);
  });
});

describe('ROC', () => {
  const scores = [0.9, 0.8, 0.5, 0.7, 0.5, 0.1];
  const labels = [1, 1, 1, 0, 0, 0];
  it('AUC counts ties as one half (worked by hand: 7.5 / 9)', () => {
    expect(rocAuc(scores, labels).value).toBeCloseTo(7.5 / 9, 12);
  });
  it('AUC is 1, 0 and 0.5 at the extremes', () => {
    expect(rocAuc([3, 4, 1, 2], [1, 1, 0, 0]).value).toBe(1);
    expect(rocAuc([1, 2, 3, 4], [1, 1, 0, 0]).value).toBe(0);
    const a = rocAuc([1, 1, 1, 1], [1, 0, 1, 0]);
    expect(a.value).toBe(0.5);
    expect(a.lo).toBeLessThanOrEqual(0.5);
    expect(a.hi).toBeGreaterThanOrEqual(0.5);
  });
  it('DeLong standard error matches the placement formula on a small case', () => {
    // positives [3, 1], negatives [2, 0]: V10 = [1, 0.5], V01 = [0.5, 0]; var10 = 0.125, var01 = 0.125; se = sqrt(0.125/2 + 0.125/2)
    const a = rocAuc([3, 1, 2, 0], [1, 1, 0, 0]);
    expect(a.value).toBeCloseTo(0.75, 12);
    expect(a.se).toBeCloseTo(Math.sqrt(0.125), 12);
  });
  it('midranks average ties', () => {
    expect(Array.from(midranks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });
  it('ROC curve enters tied scores together', () => {
    const pts = rocCurve(scores, labels);
    expect(pts.map((p) => [p.fpr, p.tpr])).toEqual([[0, 0], [0, 1 / 3], [0, 2 / 3], [1 / 3, 2 / 3], [2 / 3, 1], [1, 1]]);
  });
  it('TPR at FPR takes the best threshold within the FPR budget', () => {
    const r = tprAtFpr(scores, labels, 0.34);
    expect(r.tpr).toBeCloseTo(2 / 3, 12);
    expect(r.achievedFpr).toBeCloseTo(1 / 3, 12);
    expect(tprAtFpr(scores, labels, 0.1).tpr).toBeCloseTo(2 / 3, 12);
    expect(tprAtFpr(scores, labels, 0.1).resolvable).toBe(false);
    const s = miaSummary(scores, labels);
    expect(s.maxAdvantage).toBeCloseTo(2 / 3, 12);
  });
});

describe('control risk and epsilon', () => {
  it('risk is 0 when train and control succeed equally, positive when train succeeds more', () => {
    const r0 = controlRisk(30, 100, 30, 100)!;
    expect(r0.value).toBeCloseTo(0, 12);
    expect(r0.lo).toBeLessThan(0);
    expect(r0.hi).toBeGreaterThan(0);
    const r1 = controlRisk(90, 100, 30, 100)!;
    const t = wilson(90, 100);
    const c = wilson(30, 100);
    expect(r1.value).toBeCloseTo((t.centre - c.centre) / (1 - c.centre), 12);
    const err = Math.sqrt((t.halfWidth / (1 - c.centre)) ** 2 + (c.halfWidth * (t.centre - 1) / (1 - c.centre) ** 2) ** 2);
    expect(r1.error).toBeCloseTo(err, 12);
    expect(r1.clipped.lo).toBeGreaterThan(0.7);
  });
  it('epsilon lower bound follows the formula', () => {
    expect(epsilonFromBounds(0.1, 0.2, 0)).toBeCloseTo(Math.log(0.8 / 0.1), 12);
    expect(epsilonFromBounds(0.3, 0.05, 1e-5)).toBeCloseTo(Math.log((1 - 1e-5 - 0.3) / 0.05), 12);
    expect(epsilonFromBounds(0.6, 0.6, 0)).toBe(0);
  });
});

describe('ROC points for the report', () => {
  it('hand-made scores: exactly the ROC vertices, with lossless runs dropped', () => {
    // scores desc: 0.9(+) 0.8(+) 0.7(-) 0.6(+) 0.5(-) 0.5(+) 0.3(-) 0.2(-); P = 4, N = 4
    // vertices of rocCurve: (0,0) (0,1/4) (0,1/2) (1/4,1/2) (1/4,3/4) (1/2,1) tie group (3/4,1) (1,1);
    // (0,1/4) lies inside the vertical run from (0,0) to (0,1/2), (3/4,1) inside the horizontal run from (1/2,1) to (1,1)
    const s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.5, 0.3, 0.2];
    const y = [1, 1, 0, 1, 0, 1, 0, 0];
    const r = rocPoints(s, y);
    expect(r.fpr).toEqual([0, 0, 0.25, 0.25, 0.5, 1]);
    expect(r.tpr).toEqual([0, 0.5, 0.5, 0.75, 1, 1]);
    // every kept point is a vertex of rocCurve
    const v = rocCurve(s, y).map((p) => `${p.fpr},${p.tpr}`);
    r.fpr.forEach((f, i) => expect(v).toContain(`${f},${r.tpr[i]}`));
  });
  it('a perfect separator gives (0,0), (0,1), (1,1)', () => {
    const r = rocPoints([5, 4, 3, 2, 1, 0], [1, 1, 1, 0, 0, 0]);
    expect(r).toEqual({ fpr: [0, 0, 1], tpr: [0, 1, 1] });
  });
  it('long curves: at most 60 exact vertices, monotone, from (0,0) to (1,1), low FPRs resolved as tprAtFpr', () => {
    // 3000 + 3000 scores, members shifted by 0.5 sd; distinct values so every score is its own vertex
    let seed = 7;
    const u = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
    const n = 6000;
    const s = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i < n / 2 ? 1 : 0;
      s[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) + (y[i] ? 0.5 : 0);
    }
    const r = rocPoints(s, y);
    expect(r.fpr.length).toBe(r.tpr.length);
    expect(r.fpr.length).toBeLessThanOrEqual(60);
    expect(r.fpr.length).toBeGreaterThan(30);
    expect([r.fpr[0], r.tpr[0]]).toEqual([0, 0]);
    expect([r.fpr.at(-1), r.tpr.at(-1)]).toEqual([1, 1]);
    for (let i = 1; i < r.fpr.length; i++) {
      expect(r.fpr[i]).toBeGreaterThanOrEqual(r.fpr[i - 1]);
      expect(r.tpr[i]).toBeGreaterThanOrEqual(r.tpr[i - 1]);
    }
    const v = new Set(rocCurve(s, y).map((p) => `${Math.round(p.fpr * 1e6) / 1e6},${Math.round(p.tpr * 1e6) / 1e6}`));
    r.fpr.forEach((f, i) => expect(v.has(`${f},${r.tpr[i]}`)).toBe(true));
    for (const f of ROC_LOW_FPRS) {
      const t = tprAtFpr(s, y, f);
      // the last kept point with FPR <= f is the vertex tprAtFpr picks
      let j = 0;
      while (j + 1 < r.fpr.length && r.fpr[j + 1] <= f + 1e-12) j++;
      // same TPR (tprAtFpr may name a later point of the same horizontal run, dropped here as lossless)
      expect(r.tpr[j]).toBeCloseTo(t.tpr, 6);
      expect(r.fpr[j]).toBeLessThanOrEqual(t.achievedFpr + 1e-6);
    }
    // no long gaps: consecutive kept points are close along the curve
    for (let i = 1; i < r.fpr.length; i++) expect(Math.max(r.fpr[i] - r.fpr[i - 1], r.tpr[i] - r.tpr[i - 1])).toBeLessThanOrEqual(1 / 26 + 0.01);
    expect(miaSummary(s, y).roc).toEqual(r);
  });
});
