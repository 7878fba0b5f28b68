import { describe, expect, it } from 'vitest';
import { inferentialUtility } from '../../../metrics/utility/inferential.js';
import { designFrom } from '../../../src/learners/learner.js';
import { resolveTarget, splitTarget, type TargetInfo } from '../../../metrics/utility/target.js';
import { loadShared, subsample, splitHalves } from '../../helpers/data.js';
import { makeCtx } from './fixtures.js';
import { Rng } from '../../../src/rng.js';

function xy(ctx: ReturnType<typeof makeCtx>, which: 'real' | 'synthetic' | 'holdout') {
  const info = resolveTarget(ctx) as TargetInfo;
  const s = splitTarget(ctx[which], info);
  return { X: designFrom(s.enc, info.features), y: s.target as any, info };
}

describe('inferential utility (logistic coefficients, Karr CI overlap)', () => {
  const german = loadShared('german_credit', 'train');
  const holdout = loadShared('german_credit', 'holdout');

  it('identical data gives overlap 1 and sign agreement 1 for every estimated coefficient', () => {
    const ctx = makeCtx(german, holdout, german, 'class');
    const r = xy(ctx, 'real');
    const s = xy(ctx, 'synthetic');
    const info = r.info as Extract<TargetInfo, { kind: 'classification' }>;
    const res = inferentialUtility(r.X, r.y, s.X, s.y, info.classes, { confidence: 0.95 });
    expect(res.approach).toBe('binary');
    expect(res.C).toBeNull();
    expect(res.positiveClass).toBe(info.classes[1]);
    expect(res.total).toBeGreaterThan(20);
    expect(res.defined).toBe(res.total);
    for (const c of res.coefficients) {
      expect(c.overlap.raw).toBe(1);
      // identical fits: same estimate, interval and se; the synthetic coefficient's baseline is the real one (kind 'real')
      const { baseline, ...syn } = c.synthetic!;
      expect(syn).toEqual(c.real);
      expect(baseline).toEqual({ kind: 'real', value: c.real!.value, interval: c.real!.interval });
      expect(c.real!.better).toBe('closer');
      expect(c.real!.baseline).toBeUndefined();
    }
    expect(res.meanOverlap).toBe(1);
    expect(res.signAgreement).toBe(1);
    expect(res.coefficients[0].name).toBe('(intercept)');
    // the Wald interval is estimate +- 1.96 se
    const c1 = res.coefficients[1].real!;
    expect(c1.interval[1] - c1.value).toBeCloseTo(1.959963984540054 * c1.se, 6);
    expect(c1.value - c1.interval[0]).toBeCloseTo(1.959963984540054 * c1.se, 6);
  });

  it('an independent half of the population overlaps less than 1 but mostly positively; a shuffled target does worse', () => {
    const [a, b] = splitHalves(loadShared('adult', 'train'), 5);
    const A = subsample(a, 3000, 1);
    const Bt = subsample(b, 3000, 2);
    const ctx = makeCtx(A, A, Bt, 'income');
    const r = xy(ctx, 'real');
    const s = xy(ctx, 'synthetic');
    const info = r.info as Extract<TargetInfo, { kind: 'classification' }>;
    const fresh = inferentialUtility(r.X, r.y, s.X, s.y, info.classes, { confidence: 0.95 });
    expect(fresh.meanOverlapClipped!).toBeGreaterThan(0.4);
    expect(fresh.meanOverlapClipped!).toBeLessThan(1);
    expect(fresh.signAgreement!).toBeGreaterThan(0.6);
    // destroy the outcome: shuffle the synthetic target
    const perm = new Rng(9).permutation(s.y.y.length);
    const yShuf = { ...s.y, y: Int32Array.from(perm, (i) => s.y.y[i]) };
    const shuf = inferentialUtility(r.X, r.y, s.X, yShuf, info.classes, { confidence: 0.95 });
    expect(shuf.meanOverlapClipped!).toBeLessThan(fresh.meanOverlapClipped! - 0.1);
  });

  it('multiclass uses one-vs-rest for the real majority class and says so', () => {
    const t = subsample(loadShared('adult', 'train'), 1500, 3);
    const ctx = makeCtx(t, t, t, 'race');
    const r = xy(ctx, 'real');
    const info = r.info as Extract<TargetInfo, { kind: 'classification' }>;
    expect(info.classes.length).toBeGreaterThan(2);
    const res = inferentialUtility(r.X, r.y, r.X, r.y, info.classes, { confidence: 0.9 });
    expect(res.approach).toBe('one-vs-rest');
    expect(res.positiveClass).toBe(info.classes[0]);
    expect(res.notes.join(' ')).toMatch(/one-vs-rest/);
    expect(res.meanOverlap).toBe(1);
  });

  it('a synthetic target without the positive class gives an empty comparison with a note, not NaN', () => {
    const ctx = makeCtx(german, holdout, german, 'class');
    const r = xy(ctx, 'real');
    const info = r.info as Extract<TargetInfo, { kind: 'classification' }>;
    const y0 = { ...r.y, y: new Int32Array(r.y.y.length) };
    const res = inferentialUtility(r.X, r.y, r.X, y0, info.classes, { confidence: 0.95 });
    expect(res.coefficients).toEqual([]);
    expect(res.meanOverlap).toBeNull();
    expect(res.notes.join(' ')).toMatch(/cannot be fitted/);
  });
});
