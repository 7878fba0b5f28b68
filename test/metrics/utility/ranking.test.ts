import { describe, expect, it } from 'vitest';
import { averageRanks, kendallTauB, pairCounts, rankingAgreement, spearmanRho } from '../../../metrics/utility/ranking.js';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they occupy', () => {
    expect(Array.from(averageRanks([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(averageRanks([0.7, 0.8, 0.8, 0.9, 0.6]))).toEqual([2, 3.5, 3.5, 5, 1]);
    expect(Array.from(averageRanks([5, 5, 5]))).toEqual([2, 2, 2]);
  });
});

describe('rank agreement on small vectors worked by hand', () => {
  it('no ties: one swapped pair at each end', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 1, 4, 3, 5];
    // d = [-1, 1, -1, 1, 0], sum d^2 = 4: rho = 1 - 6*4/(5*24) = 0.8
    expect(spearmanRho(a, b).value).toBeCloseTo(0.8, 12);
    // 10 pairs, 2 discordant: tau = (8 - 2)/10
    expect(kendallTauB(a, b).value).toBeCloseTo(0.6, 12);
    expect(rankingAgreement(a, b).value).toBeCloseTo(0.8, 12);
  });

  it('ties on one side: average ranks for rho, tau-b correction, tied pairs do not agree in SRA', () => {
    const a = [1, 2, 2, 3];
    const b = [1, 2, 3, 4];
    // ranks a = [1, 2.5, 2.5, 4]: sab = 4.5, saa = 4.5, sbb = 5 -> rho = 4.5 / sqrt(22.5) = 3 / sqrt(10)
    expect(spearmanRho(a, b).value).toBeCloseTo(3 / Math.sqrt(10), 12);
    // 6 pairs, 1 tied in a, 5 concordant: tau-b = 5 / sqrt(5 * 6)
    expect(kendallTauB(a, b).value).toBeCloseTo(5 / Math.sqrt(30), 12);
    expect(rankingAgreement(a, b).value).toBeCloseTo(5 / 6, 12);
  });

  it('ties on both sides', () => {
    const a = [0.7, 0.8, 0.8, 0.9, 0.6];
    const b = [0.65, 0.9, 0.7, 0.7, 0.5];
    const c = pairCounts(a, b);
    expect(c).toEqual({ pairs: 10, concordant: 7, discordant: 1, tiedA: 1, tiedB: 1, tiedBoth: 0 });
    // tau-b = (7 - 1) / sqrt((10 - 1)(10 - 1))
    expect(kendallTauB(a, b).value).toBeCloseTo(6 / 9, 12);
    // ranks [2,3.5,3.5,5,1] vs [2,5,3.5,3.5,1]: sab = 7.25, saa = sbb = 9.5
    expect(spearmanRho(a, b).value).toBeCloseTo(7.25 / 9.5, 12);
    expect(rankingAgreement(a, b).value).toBeCloseTo(0.7, 12);
  });

  it('identical vectors (even with ties) give rho = tau-b = 1; SRA counts the tied pair as not agreeing', () => {
    const a = [0.81, 0.85, 0.85, 0.9];
    expect(spearmanRho(a, a).value).toBeCloseTo(1, 12);
    expect(kendallTauB(a, a).value).toBeCloseTo(1, 12);
    expect(rankingAgreement(a, a).value).toBeCloseTo(5 / 6, 12);
    const d = [0.6, 0.7, 0.8, 0.9];
    expect(rankingAgreement(d, d).value).toBe(1);
  });

  it('reversed order gives -1, -1 and 0', () => {
    const a = [1, 2, 3, 4];
    const b = [4, 3, 2, 1];
    expect(spearmanRho(a, b).value).toBeCloseTo(-1, 12);
    expect(kendallTauB(a, b).value).toBeCloseTo(-1, 12);
    expect(rankingAgreement(a, b).value).toBe(0);
  });

  it('all-tied or too-short input gives null with a reason, never NaN', () => {
    const r = spearmanRho([0.5, 0.5, 0.5], [1, 2, 3]);
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/tied/);
    const t = kendallTauB([1, 2, 3], [7, 7, 7]);
    expect(t.value).toBeNull();
    expect(t.reason).toMatch(/second side/);
    expect(rankingAgreement([0.5, 0.5, 0.5], [1, 2, 3]).value).toBe(0);
    expect(spearmanRho([1], [1]).value).toBeNull();
    expect(kendallTauB([1], [1]).reason).toMatch(/fewer than 2/);
    expect(rankingAgreement([], []).value).toBeNull();
  });

  it('rejects vectors of different lengths', () => {
    expect(() => spearmanRho([1, 2], [1, 2, 3])).toThrow(/differ in length/);
  });
});
