// Pure fidelity building blocks checked against values worked by hand from the definitions (docs/definitions.md#fidelity).
import { describe, expect, test } from 'vitest';
import { tvd, klSmoothed, jsDistance, hellinger } from '../../../metrics/fidelity/divergence.js';
import { cramersV } from '../../../metrics/fidelity/cramer.js';
import { marginalCounts, pairCounts, pairLayout } from '../../../metrics/fidelity/counts.js';
import { bootstrapWeights, percentileInterval } from '../../../src/stats.js';
import { ksStatistic, wasserstein1, pearson, spearman, averageRanks, correlationMatrix } from '../../../metrics/fidelity/numeric.js';
import { shiftedInterval } from '../../../metrics/fidelity/stats.js';
import { Rng } from '../../../src/rng.js';

// The hand-worked 2 x 3 tables (rows a1, a2; columns b1, b2, b3), n = 100 each.
const REAL = [10, 20, 30, 20, 10, 10];
const SYN = [20, 20, 20, 20, 10, 10];

describe('TVD, KL, JS, Hellinger on hand-worked tables', () => {
  test('2x3 TVD: |10-20| + |30-20| = 20 of 100 rows, halved = 0.1', () => {
    expect(tvd(REAL, SYN)).toBeCloseTo(0.1, 12);
    expect(tvd(REAL, REAL)).toBe(0);
  });
  test('TVD normalises each table by its own total', () => {
    expect(tvd([1, 1], [5, 5])).toBe(0);
    expect(tvd([3, 1], [1, 3])).toBeCloseTo(0.5, 12);
  });
  test('disjoint supports give TVD 1, JS distance 1, Hellinger 1', () => {
    expect(tvd([5, 5, 0, 0], [0, 0, 3, 7])).toBe(1);
    expect(jsDistance([5, 5, 0, 0], [0, 0, 3, 7])).toBeCloseTo(1, 12);
    expect(hellinger([5, 5, 0, 0], [0, 0, 3, 7])).toBeCloseTo(1, 12);
  });
  test('2x3 KL with alpha 0.5 on all 6 cells: totals 103 on both sides; only cells 1 and 3 differ', () => {
    const want = (10.5 * Math.log(10.5 / 20.5) + 30.5 * Math.log(30.5 / 20.5)) / 103;
    expect(klSmoothed(REAL, SYN, 0.5)).toBeCloseTo(want, 12);
    expect(want).toBeCloseTo(0.049443, 5);
    expect(klSmoothed(REAL, REAL, 0.5)).toBe(0);
  });
  test('KL direction: D(p||q) != D(q||p) in general, and alpha = 0 gives the unsmoothed value', () => {
    const p = [8, 2];
    const q = [5, 5];
    const d = 0.8 * Math.log(0.8 / 0.5) + 0.2 * Math.log(0.2 / 0.5);
    expect(klSmoothed(p, q, 0)).toBeCloseTo(d, 12);
    expect(klSmoothed(q, p, 0)).not.toBeCloseTo(d, 3);
  });
  test('smoothing makes KL finite where q has an empty cell, and covers every domain cell', () => {
    // p = (1, 1, 0), q = (2, 0, 0) with alpha 0.5 on 3 cells: p~ = (1.5, 1.5, .5)/3.5, q~ = (2.5, .5, .5)/3.5
    const want = (1.5 * Math.log(1.5 / 2.5) + 1.5 * Math.log(1.5 / 0.5) + 0.5 * Math.log(1)) / 3.5;
    expect(klSmoothed([1, 1, 0], [2, 0, 0], 0.5)).toBeCloseTo(want, 12);
  });
  test('JS distance and Hellinger from the formulas on a 2-cell example', () => {
    const p = [0.5, 0.5];
    const q = [0.9, 0.1];
    const jsd = 0.5 * (0.5 * Math.log2(0.5 / 0.7) + 0.5 * Math.log2(0.5 / 0.3)) + 0.5 * (0.9 * Math.log2(0.9 / 0.7) + 0.1 * Math.log2(0.1 / 0.3));
    expect(jsDistance(p, q)).toBeCloseTo(Math.sqrt(jsd), 12);
    expect(hellinger(p, q)).toBeCloseTo(Math.sqrt(1 - Math.sqrt(0.45) - Math.sqrt(0.05)), 12);
    expect(jsDistance(p, p)).toBe(0);
    expect(hellinger(p, p)).toBe(0);
  });
  test('slices of a flat buffer are read in place (offset, size)', () => {
    const flat = [9, 9, ...REAL, 7];
    const flat2 = [1, 1, ...SYN, 100];
    expect(tvd(flat, flat2, 2, 6)).toBeCloseTo(0.1, 12);
  });
});

describe("Cramér's V", () => {
  test('hand-worked 2x3: chi2 = 475/36, V = sqrt(chi2/100), Bergsma corrected', () => {
    const c = cramersV(REAL, 2, 3);
    const chi2 = 475 / 36; // E = [[18,18,24],[12,12,16]]: 64/18+4/18+36/24+64/12+4/12+36/16
    expect(c.chi2).toBeCloseTo(chi2, 10);
    expect(c.v!).toBeCloseTo(Math.sqrt(chi2 / 100 / 1), 12);
    expect(c.v!).toBeCloseTo(0.363242, 6);
    const phi2c = chi2 / 100 - (2 * 1) / 99;
    const kc = 3 - 4 / 99;
    const rc = 2 - 1 / 99;
    expect(c.vCorrected!).toBeCloseTo(Math.sqrt(phi2c / Math.min(kc - 1, rc - 1)), 12);
    expect(c.vCorrected!).toBeCloseTo(0.33598, 5);
    expect(c.r).toBe(2);
    expect(c.k).toBe(3);
  });
  test('all-zero rows and columns are dropped before r and k', () => {
    // the same 2x3 table embedded in a 4x5 table with empty missing/unseen rows and columns
    const big = new Float64Array(20);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) big[i * 5 + j + 1] = REAL[i * 3 + j];
    const c = cramersV(big, 4, 5);
    const ref = cramersV(REAL, 2, 3);
    expect(c.r).toBe(2);
    expect(c.k).toBe(3);
    expect(c.v).toBeCloseTo(ref.v!, 12);
    expect(c.vCorrected).toBeCloseTo(ref.vCorrected!, 12);
  });
  test('independence gives V = 0 and corrected 0; a perfect 2x2 association gives V = 1', () => {
    const ind = cramersV([10, 20, 30, 60], 2, 2); // rows proportional
    expect(ind.v).toBeCloseTo(0, 12);
    expect(ind.vCorrected).toBe(0);
    const perfect = cramersV([50, 0, 0, 50], 2, 2);
    expect(perfect.v).toBeCloseTo(1, 12);
    // Bergsma: phi2 = 1, phi~2 = 1 - 1/99, k~ = r~ = 2 - 1/99 -> V~ = 1
    expect(perfect.vCorrected!).toBeCloseTo(1, 12);
  });
  test('a single occurring level on one side leaves V undefined (null with a reason)', () => {
    const c = cramersV([5, 7, 0, 0], 2, 2);
    expect(c.v).toBeNull();
    expect(c.vCorrected).toBeNull();
    expect(c.reason).toMatch(/fewer than 2/);
  });
});

describe('counts', () => {
  test('pairCounts in one pass equals brute-force per pair counts, with and without weights', () => {
    const rng = new Rng(3);
    const nCodes = [3, 4, 2, 5];
    const n = 200;
    const codes = nCodes.map((k) => {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = rng.int(k);
      return a;
    });
    const L = pairLayout(nCodes);
    expect(L.a.length).toBe(6);
    const w = bootstrapWeights(n, rng);
    for (const weights of [undefined, w]) {
      const flat = pairCounts(codes, L, weights);
      for (let p = 0; p < 6; p++) {
        const a = L.a[p];
        const b = L.b[p];
        const want = new Float64Array(nCodes[a] * nCodes[b]);
        for (let i = 0; i < n; i++) want[codes[a][i] * nCodes[b] + codes[b][i]] += weights ? weights[i] : 1;
        expect(Array.from(flat.subarray(L.offset[p], L.offset[p] + want.length))).toEqual(Array.from(want));
      }
      const m0 = marginalCounts(codes[0], 3, weights);
      expect(m0.reduce((s, x) => s + x, 0)).toBe(n);
    }
  });
  test('bootstrap weights: n draws in total, seeded and reproducible', () => {
    const w1 = bootstrapWeights(1000, new Rng(9));
    const w2 = bootstrapWeights(1000, new Rng(9));
    expect(w1.reduce((s, x) => s + x, 0)).toBe(1000);
    expect(Array.from(w1)).toEqual(Array.from(w2));
    // about 1/e of rows are never drawn
    const zeros = w1.filter((x) => x === 0).length;
    expect(zeros).toBeGreaterThan(320);
    expect(zeros).toBeLessThan(420);
  });
});

describe('numeric: KS, W1, Pearson, Spearman', () => {
  const f = (x: number[]) => Float64Array.from(x);
  test('KS and W1 for a shift by one: KS = 1/4, W1 = 1 (then divided by the range)', () => {
    expect(ksStatistic(f([1, 2, 3, 4]), f([2, 3, 4, 5]))).toBeCloseTo(0.25, 12);
    expect(wasserstein1(f([1, 2, 3, 4]), f([2, 3, 4, 5]))).toBeCloseTo(1, 12);
    expect(wasserstein1(f([1, 2, 3, 4]), f([2, 3, 4, 5]), 4)).toBeCloseTo(0.25, 12);
  });
  test('ties step both CDFs together: a = (1,1,2), b = (1,2,2) gives KS = 1/3 and W1 = 1/3', () => {
    expect(ksStatistic(f([1, 1, 2]), f([1, 2, 2]))).toBeCloseTo(1 / 3, 12);
    expect(wasserstein1(f([1, 1, 2]), f([1, 2, 2]))).toBeCloseTo(1 / 3, 12);
    expect(ksStatistic(f([3, 1, 2]), f([2, 3, 1]))).toBe(0);
  });
  test('disjoint ranges give KS = 1; missing (NaN) is dropped', () => {
    expect(ksStatistic(f([1, 2, NaN]), f([5, 6]))).toBe(1);
    expect(wasserstein1(f([0, NaN, 0]), f([10, 10]), 10)).toBeCloseTo(1, 12);
  });
  test('Pearson by hand and pairwise-complete handling', () => {
    // x = (1,2,3), y = (1,3,2): sxy = 0*... -> cov = 0.5 (sum dx*dy = 1), sxx = syy = 2 -> r = 0.5
    expect(pearson(f([1, 2, 3]), f([1, 3, 2]))).toBeCloseTo(0.5, 12);
    expect(pearson(f([1, 2, 3, 100]), f([1, 3, 2, NaN]))).toBeCloseTo(0.5, 12);
    expect(Number.isNaN(pearson(f([1, 1, 1]), f([1, 2, 3])))).toBe(true);
  });
  test('average ranks and Spearman with ties', () => {
    expect(Array.from(averageRanks(f([10, 20, 20, 30])))).toEqual([1, 2.5, 2.5, 4]);
    // monotone but non-linear: Spearman 1, Pearson < 1
    expect(spearman(f([1, 2, 3, 4]), f([1, 8, 27, 1000]))).toBeCloseTo(1, 12);
    expect(pearson(f([1, 2, 3, 4]), f([1, 8, 27, 1000]))).toBeLessThan(0.9);
    // ties: x ranks (1, 2.5, 2.5, 4), y ranks (1, 2, 3, 4) -> Pearson of ranks
    const r = pearson(f([1, 2.5, 2.5, 4]), f([1, 2, 3, 4]));
    expect(spearman(f([10, 20, 20, 30]), f([1, 2, 3, 4]))).toBeCloseTo(r, 12);
    // pairwise complete: the NaN row is dropped and the rest re-ranked
    expect(spearman(f([1, 2, NaN, 3]), f([3, 2, 1, 1]))).toBeCloseTo(spearman(f([1, 2, 3]), f([3, 2, 1])), 12);
  });
  test('correlation matrix is symmetric with unit diagonal', () => {
    const m = correlationMatrix([f([1, 2, 3, 4]), f([2, 1, 4, 3]), f([4, 3, 2, 1])], 'spearman');
    expect(m[0]).toBe(1);
    expect(m[1]).toBeCloseTo(m[3], 12);
    expect(m[2]).toBeCloseTo(-1, 12);
  });
});

describe('intervals', () => {
  test('percentile interval uses type-7 quantiles; the shifted interval is centred on the value', () => {
    const reps = Float64Array.from({ length: 101 }, (_, i) => i); // 0..100, mean 50
    const close = (got: [number, number] | null, want: [number, number]) => {
      expect(got).not.toBeNull();
      expect(got![0]).toBeCloseTo(want[0], 9);
      expect(got![1]).toBeCloseTo(want[1], 9);
    };
    close(percentileInterval(reps, 0.9), [5, 95]);
    close(shiftedInterval(reps, 20, 0.9), [0, 65]); // 20 + (5 - 50) clipped at 0, 20 + (95 - 50)
    close(shiftedInterval(reps, 60, 0.9), [15, 105]);
    close(shiftedInterval(reps, 60, 0.9, 0, 100), [15, 100]);
    expect(percentileInterval([1], 0.9)).toBeNull();
  });
});

describe('joint-code pair counting', () => {
  test('pairCountsJoint equals pairCounts under the same weights', async () => {
    const { jointCodes, pairCountsJoint } = await import('../../../metrics/fidelity/counts.js');
    const rng = new Rng(5);
    const nCodes = [300, 400, 2, 7]; // the first pair has 120,000 cells: Int32 joint codes
    const n = 501;
    const codes = nCodes.map((k) => Int32Array.from({ length: n }, () => rng.int(k)));
    const L = pairLayout(nCodes);
    const w = bootstrapWeights(n, rng);
    const j = jointCodes(codes, L);
    expect(j[0]).toBeInstanceOf(Int32Array);
    expect(j[5]).toBeInstanceOf(Uint16Array);
    expect(Array.from(pairCountsJoint(j, L, w))).toEqual(Array.from(pairCounts(codes, L, w)));
  });
});

describe('marginals from pair tables', () => {
  test('equal the direct 1-way counts for every column, weighted', async () => {
    const { marginalsFromPairs } = await import('../../../metrics/fidelity/counts.js');
    const rng = new Rng(8);
    const nCodes = [3, 5, 2, 4, 6];
    const n = 300;
    const codes = nCodes.map((k) => Int32Array.from({ length: n }, () => rng.int(k)));
    const L = pairLayout(nCodes);
    const w = bootstrapWeights(n, rng);
    const got = marginalsFromPairs(pairCounts(codes, L, w), L, nCodes.length);
    nCodes.forEach((k, j) => expect(Array.from(got[j])).toEqual(Array.from(marginalCounts(codes[j], k, w))));
  });
});

describe('bootstrap weights draw exactly what rng.int would', () => {
  test('same multiplicities as n calls of rng.int(n)', () => {
    for (const n of [1, 7, 1000, 65537]) {
      const a = bootstrapWeights(n, new Rng(21));
      const r = new Rng(21);
      const b = new Int32Array(n);
      for (let t = 0; t < n; t++) b[r.int(n)]++;
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });
});
