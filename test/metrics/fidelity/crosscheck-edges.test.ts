// The fidelity building blocks on small random edge cases (empty cells, all-empty tables, one-level sides, singleton
// levels, ties, constant and missing-heavy columns) against independent scipy / pandas goldens (fidelity_goldens.py).
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hellinger, jsDistance, klSmoothed, tvd } from '../../../metrics/fidelity/divergence.js';
import { cramersV } from '../../../metrics/fidelity/cramer.js';
import { correlationMatrix, ksStatistic, wasserstein1 } from '../../../metrics/fidelity/numeric.js';
import { finite } from '../../../metrics/fidelity/stats.js';

const E = JSON.parse(readFileSync(join(resolve(__dirname, '../../fixtures/crosscheck'), 'fidelity_edge_goldens.json'), 'utf8'));
const TOL = 1e-9;

/** ours (NaN / Infinity read as undefined) equals the golden (null = undefined) within TOL. */
function same(ours: number | null, want: number | null, where: string): void {
  const o = ours === null ? null : finite(ours);
  if (want === null) expect(o, `${where}: golden undefined`).toBeNull();
  else {
    expect(o, `${where}: golden ${want}`).not.toBeNull();
    expect(Math.abs(o! - want), `${where}: ours ${o} vs golden ${want}`).toBeLessThanOrEqual(TOL);
  }
}

describe('building blocks vs scipy/pandas on edge cases', () => {
  test('TVD, JS distance, Hellinger and smoothed KL (alpha 0, 0.5, 1) on 80 random count vectors', () => {
    expect(E.vectors.length).toBe(80);
    E.vectors.forEach((g: any, i: number) => {
      same(tvd(g.p, g.q), g.tvd, `tvd #${i}`);
      same(jsDistance(g.p, g.q), g.js, `js #${i}`);
      same(hellinger(g.p, g.q), g.hellinger, `hellinger #${i}`);
      for (const a of [0, 0.5, 1]) same(klSmoothed(g.p, g.q, a), g[`kl${a.toFixed(1)}`], `kl alpha ${a} #${i}`);
    });
  });

  test("Cramér's V and Bergsma's correction on 120 small tables (zeros, 1-level sides, singleton levels)", () => {
    let undefinedCorrected = 0;
    E.tables.forEach((g: any, i: number) => {
      const c = cramersV(g.table, g.r, g.k);
      same(c.v, g.v, `V #${i} ${g.r}x${g.k}`);
      same(c.vCorrected, g.vCorrected, `V~ #${i} ${g.r}x${g.k} ${JSON.stringify(g.table)}`);
      if (g.v !== null && g.vCorrected === null) undefinedCorrected++;
    });
    expect(undefinedCorrected).toBeGreaterThan(0); // the k~ - 1 = 0 corner is exercised
  });

  test("regression: Bergsma's V~ is undefined (null) whenever min(k~ - 1, r~ - 1) = 0, whatever phi~^2 rounds to", () => {
    // every column level occurs once (n = k): k~ - 1 = (k - 1) - (k - 1)^2 / (k - 1) = 0 and phi~^2 = 0 exactly in
    // exact arithmetic; before the fix the result was 0 or null depending on the rounding of phi~^2
    for (let r = 2; r <= 6; r++)
      for (let k = r; k <= 12; k++) {
        const t = new Float64Array(r * k);
        for (let j = 0; j < k; j++) t[(j % r) * k + j] = 1;
        const c = cramersV(t, r, k);
        expect(c.v, `${r}x${k}`).not.toBeNull();
        expect(c.vCorrected, `${r}x${k}`).toBeNull();
        expect(c.reason).toMatch(/denominator/);
      }
  });

  test('KS statistic and W1 on 60 random samples with ties (scipy ks_2samp, wasserstein_distance)', () => {
    E.samples.forEach((g: any, i: number) => {
      const a = Float64Array.from(g.a);
      const b = Float64Array.from(g.b);
      same(ksStatistic(a, b), g.ks, `ks #${i}`);
      same(wasserstein1(a, b), g.w1, `w1 #${i}`);
    });
  });

  test('Pearson and Spearman matrices, pairwise-complete, on 40 small tables (pandas DataFrame.corr)', () => {
    E.correlations.forEach((g: any, i: number) => {
      const cols = g.cols.map((c: (number | null)[]) => Float64Array.from(c, (v) => (v === null ? NaN : v)));
      const d = cols.length;
      for (const method of ['pearson', 'spearman'] as const) {
        const m = correlationMatrix(cols, method);
        for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) same(m[a * d + b], g[method][a][b], `${method} #${i} [${a},${b}]`);
      }
    });
  });
});
