// Cross-check of the utility numbers against independent Python implementations (sklearn.metrics, scipy.stats, statsmodels
// Logit): goldens and the exact CSV rows in test/fixtures/crosscheck (utility_goldens.py documents how they were made).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sk from '../../../src/learners/scoring.js';
import { classificationScores, prepareClassPredictions, prepareRegPredictions, regressionScores, type ClassificationMetric, type RegressionMetric } from '../../../src/learners/scoring.js';
import { averageRanks, kendallTauB, rankingAgreement, spearmanRho } from '../../../metrics/utility/ranking.js';
import { ciOverlap, waldInterval } from '../../../metrics/utility/ci-overlap.js';
import { normalQuantile, percentileInterval } from '../../../src/stats.js';
import { inferentialUtility } from '../../../metrics/utility/inferential.js';
import { resolveTarget, splitTarget, type TargetInfo } from '../../../metrics/utility/target.js';
import { designFrom } from '../../../src/learners/learner.js';
import { loadTable } from '../../../src/table.js';
import { makeCtx } from './fixtures.js';

const DIR = resolve(__dirname, '../../fixtures/crosscheck');
const G = JSON.parse(readFileSync(join(DIR, 'utility_goldens.json'), 'utf8'));

/** |a - b| <= tol (absolute); reports the names on failure. */
function close(actual: number | null | undefined, expected: number, tol: number, what: string): void {
  expect(actual, what).not.toBeNull();
  expect(actual, what).not.toBeUndefined();
  const d = Math.abs((actual as number) - expected);
  if (!(d <= tol)) throw new Error(`${what}: ours ${actual} vs golden ${expected} (|diff| ${d} > ${tol})`);
}

const CLS: ClassificationMetric[] = ['accuracy', 'balancedAccuracy', 'macroF1', 'rocAuc', 'logLoss'];
const REG: RegressionMetric[] = ['r2', 'mae', 'rmse'];

describe('scores vs sklearn.metrics (fixed prediction vectors)', () => {
  for (const name of ['binary', 'multiclass'] as const) {
    const c = G.scores[name];
    const y = Int32Array.from(c.y);
    const proba = Float64Array.from(c.proba);
    const p = prepareClassPredictions(y, proba, c.nClasses);
    it(`${name}: src/learners/scoring.ts (unweighted)`, () => {
      const ours: Record<ClassificationMetric, number> = {
        accuracy: sk.accuracy(proba, y),
        balancedAccuracy: sk.balancedAccuracy(proba, y),
        macroF1: sk.macroF1(proba, y),
        rocAuc: sk.rocAuc(proba, y),
        logLoss: sk.logLoss(proba, y, 1e-15),
      };
      for (const m of CLS) close(ours[m], c.unweighted[m], 1e-12, `${name} ${m}`);
    });
    it(`${name}: src/learners/scoring.ts unweighted, bootstrap multiplicities and real-valued weights (sample_weight)`, () => {
      const un = classificationScores(p);
      for (const m of CLS) close(un[m], c.unweighted[m], 1e-12, `${name} ${m}`);
      for (const wn of ['bootstrap', 'real']) {
        const s = classificationScores(p, Float64Array.from(c[`w_${wn}`]));
        for (const m of CLS) close(s[m], c[`weighted_${wn}`][m], 1e-12, `${name} ${m} w=${wn}`);
      }
      // integer weights are a resample: sklearn on the expanded rows agrees with sample_weight
      const s = classificationScores(p, Float64Array.from(c.w_bootstrap));
      for (const m of CLS) close(s[m], c.expanded_bootstrap[m], 1e-12, `${name} ${m} expanded`);
    });
  }
  it('classes absent from y or never predicted: macro-F1 over the union of y and predictions, balanced accuracy over y, AUC over classes with both', () => {
    const c = G.scores.edge;
    const y = Int32Array.from(c.y);
    const proba = Float64Array.from(c.proba);
    const s = classificationScores(prepareClassPredictions(y, proba, c.nClasses));
    for (const m of CLS) close(s[m], c.unweighted[m], 1e-12, `edge ${m}`);
    close(sk.macroF1(proba, y), c.unweighted.macroF1, 1e-12, 'edge scoring.ts macroF1');
    close(sk.balancedAccuracy(proba, y), c.unweighted.balancedAccuracy, 1e-12, 'edge scoring.ts balancedAccuracy');
    close(sk.rocAuc(proba, y), c.unweighted.rocAuc, 1e-12, 'edge scoring.ts rocAuc');
  });
  it('regression: r2, mae, rmse (unweighted and weighted entry points of scoring.ts)', () => {
    const c = G.scores.regression;
    const y = Float64Array.from(c.y);
    const pr = Float64Array.from(c.pred);
    close(sk.r2(y, pr), c.unweighted.r2, 1e-12, 'r2');
    close(sk.mae(y, pr), c.unweighted.mae, 1e-12, 'mae');
    close(sk.rmse(y, pr), c.unweighted.rmse, 1e-12, 'rmse');
    const p = prepareRegPredictions(y, pr);
    const un = regressionScores(p);
    for (const m of REG) close(un[m], c.unweighted[m], 1e-12, `reg ${m}`);
    for (const wn of ['bootstrap', 'real']) {
      const s = regressionScores(p, Float64Array.from(c[`w_${wn}`]));
      for (const m of REG) close(s[m], c[`weighted_${wn}`][m], 1e-12, `reg ${m} w=${wn}`);
    }
  });
});

describe('rank agreement vs scipy.stats (ties) and the SRA definition', () => {
  it('average ranks, Spearman rho (scipy spearmanr), Kendall tau-b (scipy kendalltau), SRA', () => {
    expect(G.ranking.length).toBeGreaterThanOrEqual(8);
    G.ranking.forEach((c: { a: number[]; b: number[]; averageRanksA: number[]; spearman: number; kendallTauB: number; sra: number }, i: number) => {
      expect(Array.from(averageRanks(c.a)), `ranks ${i}`).toEqual(c.averageRanksA);
      close(spearmanRho(c.a, c.b).value, c.spearman, 1e-12, `spearman ${i}`);
      close(kendallTauB(c.a, c.b).value, c.kendallTauB, 1e-12, `kendall ${i}`);
      close(rankingAgreement(c.a, c.b).value, c.sra, 1e-15, `sra ${i}`);
    });
  });
});

describe('intervals: Karr overlap by hand, Wald (scipy norm.ppf), percentile (numpy linear)', () => {
  it('Karr et al. overlap, raw and clipped', () => {
    for (const c of G.karr) {
      const o = ciOverlap([c.real[0], c.real[1]], [c.synthetic[0], c.synthetic[1]]);
      close(o.raw, c.raw, 1e-14, `karr ${JSON.stringify(c.real)} ${JSON.stringify(c.synthetic)}`);
      close(o.clipped, c.clipped, 1e-14, 'karr clipped');
    }
  });
  it('Wald intervals estimate +- z se', () => {
    for (const c of G.wald) {
      close(normalQuantile((1 + c.confidence) / 2), c.z, 1e-13, `z ${c.confidence}`);
      const iv = waldInterval(c.estimate, c.se, c.confidence);
      close(iv[0], c.lower, 1e-13, 'wald lower');
      close(iv[1], c.upper, 1e-13, 'wald upper');
    }
  });
  it('bootstrap percentile interval = numpy.percentile (linear)', () => {
    for (const c of G.percentile) {
      const iv = percentileInterval(c.values, c.confidence)!;
      close(iv[0], c.lower, 1e-14, `percentile lower ${c.confidence}`);
      close(iv[1], c.upper, 1e-14, `percentile upper ${c.confidence}`);
    }
  });
});

describe('inferential utility vs statsmodels Logit (bank_marketing rows in the fixture)', () => {
  const real = loadTable(join(DIR, 'utility_real.csv'));
  const syn = loadTable(join(DIR, 'utility_synthetic.csv'));
  const ctx = makeCtx(real, syn, syn, 'y');
  const info = resolveTarget(ctx) as Extract<TargetInfo, { kind: 'classification' }>;
  const r = splitTarget(ctx.real, info);
  const s = splitTarget(ctx.synthetic, info);
  const res = inferentialUtility(designFrom(r.enc, info.features), r.target as any, designFrom(s.enc, info.features), s.target as any, info.classes, { confidence: G.inferential.confidence });
  const gi = G.inferential;

  it('same coefficients listed, positive class, counts', () => {
    expect(res.positiveClass).toBe(gi.positiveClass);
    expect(res.coefficients.map((c) => c.name).sort()).toEqual(gi.coefficients.map((c: { name: string }) => c.name).sort());
    expect(res.total).toBe(gi.total);
    expect(res.defined).toBe(gi.defined);
  });
  it('estimates, standard errors and Wald bounds per coefficient (both fits)', () => {
    let maxEst = 0;
    let maxSe = 0;
    for (const g of gi.coefficients) {
      const c = res.coefficients.find((x) => x.name === g.name)!;
      for (const side of ['real', 'synthetic'] as const) {
        if (g[side] === null) {
          expect(c[side], `${g.name} ${side}`).toBeNull();
          continue;
        }
        const o = c[side]!;
        close(o.value, g[side].estimate, 1e-9, `${g.name} ${side} estimate`);
        close(o.se, g[side].se, 1e-9 * g[side].se, `${g.name} ${side} se (relative)`);
        close(o.interval[0], g[side].lower, 1e-9, `${g.name} ${side} lower`);
        close(o.interval[1], g[side].upper, 1e-9, `${g.name} ${side} upper`);
        maxEst = Math.max(maxEst, Math.abs(o.value - g[side].estimate));
        maxSe = Math.max(maxSe, Math.abs(o.se - g[side].se));
      }
    }
    expect(maxEst).toBeLessThan(1e-9);
    expect(maxSe).toBeLessThan(1e-9);
  });
  it('overlap per coefficient, mean overlap and sign agreement', () => {
    for (const g of gi.coefficients) {
      const c = res.coefficients.find((x) => x.name === g.name)!;
      if (g.overlap === null) {
        expect(c.overlap.raw, g.name).toBeNull();
        expect(c.signAgree, g.name).toBeNull();
      } else {
        close(c.overlap.raw, g.overlap, 1e-9, `${g.name} overlap`);
        expect(c.signAgree, g.name).toBe(g.signAgree);
      }
    }
    close(res.meanOverlap, gi.meanOverlap, 1e-9, 'mean overlap');
    close(res.meanOverlapClipped, gi.meanOverlapClipped, 1e-9, 'mean overlap clipped');
    close(res.signAgreement, gi.signAgreement, 1e-15, 'sign agreement');
  });
});
