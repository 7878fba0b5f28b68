import { describe, expect, it } from 'vitest';
import { bootstrapReplicates, makeEstimate } from '../../../metrics/utility/bootstrap.js';
import { bootstrapWeights, percentileInterval } from '../../../src/stats.js';
import { Rng } from '../../../src/rng.js';

describe('bootstrap helpers', () => {
  it('weights are non-negative integer multiplicities summing to n', () => {
    const w = bootstrapWeights(1000, new Rng(3));
    let s = 0;
    let zeros = 0;
    for (const v of w) {
      expect(Number.isInteger(v) && v >= 0).toBe(true);
      s += v;
      if (v === 0) zeros++;
    }
    expect(s).toBe(1000);
    // about 1/e of rows are left out of a resample
    expect(zeros / 1000).toBeGreaterThan(0.32);
    expect(zeros / 1000).toBeLessThan(0.42);
  });

  it('a reused Float64 buffer gets the same multiplicities as the Int32 default (one implementation for fidelity, utility, forests)', () => {
    for (const n of [1, 13, 1000]) {
      const a = bootstrapWeights(n, new Rng(5));
      const buf = new Float64Array(n).fill(7); // stale contents are cleared
      const b = bootstrapWeights(n, new Rng(5), buf);
      expect(b).toBe(buf);
      expect(Array.from(b)).toEqual(Array.from(a));
      // and both are what n calls of rng.int(n) draw (the utility bootstrap's former loop)
      const r = new Rng(5);
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[r.int(n)] += 1;
      expect(Array.from(b)).toEqual(Array.from(c));
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = bootstrapReplicates(50, 5, new Rng(7), (w) => Array.from(w).join(','));
    const b = bootstrapReplicates(50, 5, new Rng(7), (w) => Array.from(w).join(','));
    const c = bootstrapReplicates(50, 5, new Rng(8), (w) => Array.from(w).join(','));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('percentile interval uses type-7 quantiles and ignores undefined replicates', () => {
    const vals: (number | null)[] = Array.from({ length: 101 }, (_, i) => i);
    const a = percentileInterval(vals, 0.95)!;
    expect(a[0]).toBeCloseTo(2.5, 12);
    expect(a[1]).toBeCloseTo(97.5, 12);
    vals.push(null, null, NaN);
    const b = percentileInterval(vals, 0.9)!;
    expect(b[0]).toBeCloseTo(5, 12);
    expect(b[1]).toBeCloseTo(95, 12);
    expect(percentileInterval([null, 3], 0.95)).toBeNull();
  });

  it('the interval of a bootstrapped mean brackets the mean at about +-1.96 SE', () => {
    const rng = new Rng(11);
    const n = 400;
    const x = Float64Array.from({ length: n }, () => rng.normal());
    let m = 0;
    for (const v of x) m += v / n;
    let ss = 0;
    for (const v of x) ss += (v - m) ** 2;
    const se = Math.sqrt(ss / n / n);
    const reps = bootstrapReplicates(n, 400, new Rng(12), (w) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * x[i];
      return s / n;
    });
    const e = makeEstimate(m, reps, 0.95, 'higher');
    const [lower, upper] = e.interval!;
    expect(lower).toBeLessThan(m);
    expect(upper).toBeGreaterThan(m);
    const half = (upper - lower) / 2;
    expect(half / (1.96 * se)).toBeGreaterThan(0.8);
    expect(half / (1.96 * se)).toBeLessThan(1.2);
  });

  it('makeEstimate carries a reason instead of NaN, and leaves out an interval it cannot compute', () => {
    expect(makeEstimate(null, [1, 2], 0.95, 'higher', { reason: 'holdout has one class' })).toEqual({ value: null, better: 'higher', reason: 'holdout has one class' });
    expect(makeEstimate(NaN, [1, 2], 0.95, 'lower')).toEqual({ value: null, better: 'lower', reason: 'undefined on this input' });
    expect(makeEstimate(0.7, [], 0.95, 'higher')).toEqual({ value: 0.7, better: 'higher', reason: 'no bootstrap replicates requested' });
    expect(makeEstimate(0.7, [0.5, null, NaN], 0.95, 'higher')).toEqual({ value: 0.7, better: 'higher', reason: 'undefined in almost every bootstrap replicate' });
  });

  it('makeEstimate gives a Measure: percentile interval (type 7) and the baseline it is given', () => {
    // replicates 1..5: 2.5% and 97.5% type-7 quantiles are 1 + 0.025 * 4 = 1.1 and 1 + 0.975 * 4 = 4.9
    const e = makeEstimate(3, [5, 1, 4, 2, 3], 0.95, 'lower', { baseline: { kind: 'real', value: 2.5, interval: [2, 3] } });
    expect(e.value).toBe(3);
    expect(e.interval![0]).toBeCloseTo(1.1, 14);
    expect(e.interval![1]).toBeCloseTo(4.9, 14);
    expect(e.better).toBe('lower');
    expect(e.baseline).toEqual({ kind: 'real', value: 2.5, interval: [2, 3] });
    expect('reason' in e).toBe(false);
  });
});
