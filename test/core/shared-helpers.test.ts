// The shared floor helpers that replaced per-folder copies (issue 10 item 5): one Skipped shape, one softmax, one
// normal quantile, one AUC core that the unweighted and weighted entry points both use.
import { describe, expect, it } from 'vitest';
import { isSkipped, skip } from '../../src/skipped.js';
import { isSkipped as reportsIsSkipped } from '../../reports/util.js';
import { softmaxRows, sigmoid } from '../../src/learners/link.js';
import { normalQuantile, zFor } from '../../src/stats.js';
import { normalQuantile as attacksNormalQuantile } from '../../attacks/stats.js';
import { aucFromScores, sortScores, weightedAuc } from '../../src/learners/scoring.js';

describe('Skipped', () => {
  it('skip() builds the one shape (key order as results.json has it) and every guard recognises it', () => {
    const s = skip('no target');
    expect(JSON.stringify(s)).toBe('{"skipped":true,"reason":"no target"}');
    expect(isSkipped(s)).toBe(true);
    expect(reportsIsSkipped(s)).toBe(true);
    expect(isSkipped({ skipped: 'yes' })).toBe(false);
    expect(isSkipped(null)).toBe(false);
  });
});

describe('softmax and sigmoid', () => {
  it('rows sum to 1, -Infinity scores get probability 0 (naive Bayes relies on it), large scores do not overflow', () => {
    const src = Float64Array.from([1, 2, 3, -Infinity, 0, 1000, 1001, 999]);
    const dst = new Float64Array(8);
    softmaxRows(src, dst, 2, 4);
    for (const r of [0, 4]) expect(dst[r] + dst[r + 1] + dst[r + 2] + dst[r + 3]).toBeCloseTo(1, 14);
    expect(dst[3]).toBe(0);
    expect(dst[5] / dst[6]).toBeCloseTo(Math.exp(-1), 14);
    expect(sigmoid(-800)).toBeGreaterThanOrEqual(0);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(0)).toBe(0.5);
  });
});

describe('normal quantile', () => {
  it('attacks and metrics read the same function; out-of-range p is an error', () => {
    expect(attacksNormalQuantile).toBe(normalQuantile);
    expect(zFor(0.95)).toBeCloseTo(1.959963984540054, 13);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });
});

describe('AUC core', () => {
  it('the unweighted AUC equals the weighted core with unit weights, exactly, ties included', () => {
    const s = [0.1, 0.4, 0.4, 0.35, 0.8, 0.1, 0.4, 0.9];
    const y = [0, 1, 0, 1, 1, 0, 1, 0];
    const a = aucFromScores(s, y);
    expect(a).toBe(weightedAuc(sortScores(s, y), new Float64Array(8).fill(1)));
    // by hand: U = sum over positives of (#negatives below + 1/2 #negatives tied) = 2.5 + 2 + 2.5 + 3 = 10
    expect(a).toBe(10 / 16);
  });
  it('a NaN score does not stall the tie grouping', () => {
    const a = aucFromScores([0.2, NaN, 0.8, 0.5], [0, 1, 1, 0]);
    expect(typeof a).toBe('number');
  });
});

describe('Pearson correlation', () => {
  it('fidelity column correlations and utility rank correlations read one implementation, bit for bit', async () => {
    const { pearson: fidelityPearson } = await import('../../metrics/fidelity/numeric.js');
    const { pearson: utilityPearson } = await import('../../metrics/utility/ranking.js');
    const { Rng } = await import('../../src/rng.js');
    const rng = new Rng(4);
    for (let t = 0; t < 20; t++) {
      const a = Float64Array.from({ length: 9 }, () => rng.random());
      const b = Float64Array.from({ length: 9 }, (_, i) => a[i] * 0.3 + rng.random());
      expect(utilityPearson(a, b).value).toBe(fidelityPearson(a, b));
    }
    expect(utilityPearson([1, 1, 1], [1, 2, 3])).toEqual({ value: null, reason: 'all scores tied on the first side' });
    expect(Number.isNaN(fidelityPearson(Float64Array.from([1, 1, 1]), Float64Array.from([1, 2, 3])))).toBe(true);
  });
});

describe('lowerBound', () => {
  it('first index in [lo, hi) with a[i] >= x, the subrange respected, NaN at lo; binOf is lowerBound over the edges', async () => {
    const { lowerBound, binOf } = await import('../../src/domain.js');
    const a = Float64Array.from([1, 2, 2, 2, 5, 9]);
    expect(lowerBound(a, 2)).toBe(1);
    expect(lowerBound(a, 3)).toBe(4);
    expect(lowerBound(a, 10)).toBe(6);
    expect(lowerBound(a, 0)).toBe(0);
    expect(lowerBound(a, 2, 2, 5)).toBe(2);
    expect(lowerBound(a, 9, 0, 4)).toBe(4);
    expect(lowerBound(a, NaN, 3, 6)).toBe(3);
    for (const x of [-1, 1, 1.5, 2, 4, 9, 9.5]) expect(binOf(a, x)).toBe(a.filter((e) => e < x).length);
  });
});
