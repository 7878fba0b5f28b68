import { describe, expect, it } from 'vitest';
import { ciOverlap, waldInterval } from '../../../metrics/utility/ci-overlap.js';
import { normalQuantile } from '../../../src/stats.js';

describe('Karr et al. (2006) CI overlap', () => {
  it('is 1 for identical intervals', () => {
    expect(ciOverlap([-1.2, 3.4], [-1.2, 3.4])).toEqual({ raw: 1, clipped: 1 });
  });
  it('partial overlap: [0,2] vs [1,4] -> 1/2 (1/2 + 1/3)', () => {
    expect(ciOverlap([0, 2], [1, 4]).raw).toBeCloseTo(0.5 * (1 / 2 + 1 / 3), 14);
  });
  it('nested: [0,4] vs [1,2] -> 1/2 (1/4 + 1)', () => {
    expect(ciOverlap([0, 4], [1, 2]).raw).toBeCloseTo(0.625, 14);
  });
  it('touching intervals give 0, disjoint ones a negative raw value clipped at 0', () => {
    expect(ciOverlap([0, 1], [1, 2]).raw).toBe(0);
    const d = ciOverlap([0, 1], [2, 3]);
    expect(d.raw).toBeCloseTo(-1, 14);
    expect(d.clipped).toBe(0);
  });
  it('is symmetric in its arguments', () => {
    const a: [number, number] = [-0.3, 0.9];
    const b: [number, number] = [0.1, 2.5];
    expect(ciOverlap(a, b).raw).toBeCloseTo(ciOverlap(b, a).raw!, 14);
  });
  it('non-finite or zero-width intervals give null with a reason', () => {
    expect(ciOverlap([-Infinity, Infinity], [0, 1])).toMatchObject({ raw: null, clipped: null, reason: expect.stringMatching(/real/) });
    expect(ciOverlap([0, 1], [NaN, 1]).reason).toMatch(/synthetic/);
    expect(ciOverlap([1, 1], [0, 2]).reason).toMatch(/zero width/);
  });
});

describe('normal quantile and Wald intervals', () => {
  it('matches tabulated quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 6);
  });
  it('Wald interval is estimate +- z se', () => {
    const iv = waldInterval(2, 0.5, 0.95);
    expect(iv[0]).toBeCloseTo(2 - 1.959963984540054 * 0.5, 8);
    expect(iv[1]).toBeCloseTo(2 + 1.959963984540054 * 0.5, 8);
  });
});
