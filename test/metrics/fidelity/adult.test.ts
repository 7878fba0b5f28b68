// Adult acceptance: a fresh sample of the population (one half of the holdout split as "synthetic", the other half as
// holdout) sits at the floor; an independent-marginals synthetic keeps 1-way margins but fails clearly on 2-way metrics.
import { beforeAll, describe, expect, test } from 'vitest';
import { fidelity, type FidelityResult, type Interval } from '../../../metrics/fidelity/index.js';
import { loadShared, splitHalves, subsample } from '../../helpers/data.js';
import { independentMarginals, makeCtx } from './ctx.js';

const real = subsample(loadShared('adult', 'train'), 10000, 101);
const [holdA, holdB] = splitHalves(loadShared('adult', 'holdout'), 202);
const overlaps = (a: Interval, b: Interval) => !!a && !!b && a[0] <= b[1] && b[0] <= a[1];

describe('Adult: a fresh sample (holdout half) as synthetic', () => {
  let r: FidelityResult;
  beforeAll(() => {
    r = fidelity(makeCtx(real, holdA, holdB, 5), { bootstrap: 50, bootstrapPairs: 50 });
  });
  test('every 1-way TVD interval overlaps its floor interval, and the values are of the floor size', () => {
    expect(r.columns.length).toBe(15);
    for (const c of r.columns) {
      expect(overlaps(c.tvd.interval!, c.tvd.baseline!.interval!), `${c.name}: ${c.tvd.value} ${c.tvd.interval} vs floor ${c.tvd.baseline?.value} ${c.tvd.baseline?.interval}`).toBe(true);
      expect(c.tvd.value!).toBeLessThan(0.05);
    }
    // two-sided 95% intervals on 15 columns: a fresh sample's point value falls outside its floor interval for ~1-2
    // columns by chance, so the per-column check is interval overlap; the mean over columns must sit inside.
    const outside = r.columns.filter((c) => c.tvd.value! > c.tvd.baseline!.interval![1] || c.tvd.value! < c.tvd.baseline!.interval![0]).length;
    expect(outside).toBeLessThanOrEqual(3);
    const mean = r.summary.overall[0];
    expect(mean.value!).toBeGreaterThanOrEqual(mean.baseline!.interval![0]);
    expect(mean.value!).toBeLessThanOrEqual(mean.baseline!.interval![1]);
  });
  test('with simultaneous intervals (Bonferroni over the 15 columns) every 1-way TVD lies within its floor interval', () => {
    const level = 1 - 0.05 / 15;
    const s = fidelity(makeCtx(real, holdA, holdB, 5), { bootstrap: 200, bootstrapPairs: 0, ciLevel: level, pmse: false });
    expect(s.settings.ciLevel).toBeCloseTo(level, 12);
    for (const c of s.columns) {
      const [lo, hi] = c.tvd.baseline!.interval!;
      expect(c.tvd.value! >= lo && c.tvd.value! <= hi, `${c.name}: ${c.tvd.value} vs floor interval [${lo}, ${hi}]`).toBe(true);
    }
  });
  test('2-way TVD and Cramér differences sit at the floor (ratio near 1, intervals overlap)', () => {
    const t = r.pairs.tvd.mean;
    expect(r.pairs.count).toBe(105);
    expect(t.value! / t.baseline!.value!).toBeGreaterThan(0.85);
    expect(t.value! / t.baseline!.value!).toBeLessThan(1.18);
    expect(overlaps(t.interval!, t.baseline!.interval!)).toBe(true);
    const v = r.cramersV.corrected.meanAbsDiff;
    expect(v.value! / v.baseline!.value!).toBeGreaterThan(0.6);
    expect(v.value! / v.baseline!.value!).toBeLessThan(1.6);
    expect(overlaps(v.interval!, v.baseline!.interval!)).toBe(true);
    const s = r.numeric.spearman!.diff.meanAbsDiff;
    expect(s.value!).toBeLessThan(3 * s.baseline!.value! + 0.01);
  });
  test('pMSE: tree pMSE over its permutation mean near 1, detection AUC near 0.5, logit independent-sample ratio near 1', () => {
    if ('skipped' in r.pmse) throw new Error('pMSE skipped');
    const t = r.pmse.synthetic.tree!;
    expect(t.permutations).toBe(20);
    expect(t.ratio!).toBeGreaterThan(0.8);
    expect(t.ratio!).toBeLessThan(1.3);
    expect(Math.abs(t.cvAuc! - 0.5)).toBeLessThan(0.03);
    const l = r.pmse.synthetic.logistic!;
    expect(l.converged).toBe(true);
    expect(l.independentRatio!).toBeGreaterThan(0.5);
    expect(l.independentRatio!).toBeLessThan(1.6);
    // the Snoke form is larger by exactly 1/(1 - c)
    const c = r.pmse.synthetic.c;
    expect(l.snokeRatio! / l.independentRatio!).toBeCloseTo(1 / (1 - c), 10);
    expect(r.pmse.holdout.tree!.ratio!).toBeLessThan(1.3);
  });
});

describe('Adult: independent-marginals synthetic (each column resampled on its own)', () => {
  let r: FidelityResult;
  beforeAll(() => {
    r = fidelity(makeCtx(real, holdA, independentMarginals(real, 8000, 303), 5), { bootstrap: 50, bootstrapPairs: 50 });
  });
  test('1-way margins are kept (at or below the floor)', () => {
    const m = r.summary.overall[0];
    expect(m.value!).toBeLessThanOrEqual(m.baseline!.interval![1]);
  });
  test('2-way TVD fails clearly: its interval lies far above the floor interval', () => {
    const t = r.pairs.tvd.mean;
    expect(t.interval![0]).toBeGreaterThan(2 * t.baseline!.interval![1]);
    expect(r.pairs.tvd.max.value!).toBeGreaterThan(0.5); // education x education_num: a 1:1 map broken
    const worst = r.pairs.tvd.worst[0];
    expect([worst.a, worst.b].sort()).toEqual(['education', 'education_num']);
  });
  test("Cramér's V of strongly associated pairs is driven to about 0 (relationship x sex)", () => {
    const p = r.pairs.list.find((x) => x.a === 'relationship' && x.b === 'sex')!;
    expect(p.v.real!).toBeGreaterThan(0.5);
    expect(p.v.holdout!).toBeGreaterThan(0.5);
    expect(p.v.synthetic!).toBeLessThan(0.05);
    expect(p.vCorrected.synthetic!).toBeLessThan(0.03);
    const v = r.cramersV.corrected.meanAbsDiff;
    expect(v.interval![0]).toBeGreaterThan(5 * v.baseline!.interval![1]);
  });
  test('correlations are lost: mean |Δ Spearman| well above its floor', () => {
    const s = r.numeric.spearman!.diff.meanAbsDiff;
    expect(s.value!).toBeGreaterThan(3 * s.baseline!.value!);
  });
  test('tree pMSE fails clearly (ratio and standardised score far above the floor); the main-effects logit does not see it', () => {
    if ('skipped' in r.pmse) throw new Error('pMSE skipped');
    const t = r.pmse.synthetic.tree!;
    const f = r.pmse.holdout.tree!;
    expect(t.ratio!).toBeGreaterThan(3);
    expect(t.standardized!).toBeGreaterThan(20);
    expect(f.ratio!).toBeLessThan(1.3);
    expect(t.cvAuc!).toBeGreaterThan(f.cvAuc! + 0.05);
    // the documented blind spot: margins are kept, so a main-effects logit scores it like a fresh sample or better
    expect(r.pmse.synthetic.logistic!.independentRatio!).toBeLessThan(1.5);
    const items = r.summary.overall.map((x) => x.metric);
    expect(items).toContain('pMSE ratio, CART (pMSE / permutation mean)');
    expect(items.indexOf('pMSE ratio, CART (pMSE / permutation mean)')).toBeLessThan(items.indexOf('pMSE ratio, logit, independent-sample null'));
  });
});
