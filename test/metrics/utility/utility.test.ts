import { definitionValidator } from '../../../reports/json.js';
import { describe, expect, it } from 'vitest';
import { utility, type UtilityResult } from '../../../metrics/utility/index.js';
import { UserError } from '../../../src/errors.js';
import { selectRows, type Table } from '../../../src/table.js';
import { Rng } from '../../../src/rng.js';
import { loadShared, subsample, splitHalves } from '../../helpers/data.js';
import { makeCtx, withColumn, withoutColumn } from './fixtures.js';

const validate = definitionValidator('UtilityResult');

/** Plain JSON: no typed arrays, functions, undefined, NaN or Infinity anywhere. */
function assertPlainJson(x: unknown, path = '$'): void {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return;
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new Error(`${path} is ${x}`);
    return;
  }
  if (Array.isArray(x)) return x.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`));
  if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const [k, v] of Object.entries(x as object)) assertPlainJson(v, `${path}.${k}`);
    return;
  }
  throw new Error(`${path} is not plain JSON (${typeof x === 'object' ? (x as object).constructor?.name : typeof x})`);
}

function checkShape(r: unknown): asserts r is UtilityResult {
  assertPlainJson(r);
  const ok = validate(r);
  if (!ok) throw new Error(JSON.stringify(validate.errors?.slice(0, 5)));
  expect((r as { skipped?: boolean }).skipped).toBeUndefined();
}

const SMALL_ZOO = [{ type: 'logistic', C: 1 }, { type: 'tree', maxDepth: 3 }, { type: 'naive-bayes' }];

/** A copy of t whose target column is shuffled with a seed (every association with the target destroyed). */
function shuffleColumn(t: Table, column: string, seed: number): Table {
  const j = t.columns.indexOf(column);
  const p = new Rng(seed).permutation(t.nRows);
  return withColumn(t, column, Array.from(p, (i) => t.cells[j][i]), `${t.name}[${column} shuffled]`);
}

describe('utility on German credit: synthetic = a copy of the real training data', () => {
  const real = loadShared('german_credit', 'train');
  const holdout = loadShared('german_credit', 'holdout');
  const r = utility(makeCtx(real, holdout, real, 'class', 1), { bootstrap: 60 });

  it('is plain JSON matching the UtilityResult part of schema/results.schema.json', () => {
    checkShape(r);
    expect(r.task).toBe('classification');
    expect(r.primaryMetric).toBe('rocAuc');
    expect(r.classes).toEqual(['good', 'bad']);
    expect(r.positiveClass).toBe('bad');
    expect(r.verdicts).toEqual([]);
    expect(r.rows.real).toEqual({ total: 666, used: 666, droppedMissingTarget: 0, droppedUnseenTarget: 0, classCounts: [460, 206] });
    expect(r.rows.holdout.used).toBe(334);
  });

  it('default zoo: 9 configurations across families and capacity', () => {
    checkShape(r);
    expect(r.models.map((m) => m.label)).toEqual([
      'logistic(C=0.01)',
      'logistic(C=1)',
      'logistic(C=100)',
      'tree(depth=3)',
      'tree(depth=8)',
      'tree(depth=none)',
      'forest(trees=50,minLeaf=5)',
      'boosting(rounds=100,lr=0.1,depth=3)',
      'naive-bayes',
    ]);
  });

  it('TSTR is identical to TRTR for every model and metric; every ratio is 1', () => {
    checkShape(r);
    for (const m of r.models) {
      expect(m.syntheticFit).toBe('model');
      for (const k of r.metrics) {
        // TSTR equals TRTR and has it as its baseline (kind 'real'); the ratio is 1, beside its baseline 1
        const { baseline, ...tstr } = m.tstr[k];
        expect(tstr).toEqual(m.trtr[k]);
        expect(baseline).toEqual({ kind: 'real', value: m.trtr[k].value, ...(m.trtr[k].interval ? { interval: m.trtr[k].interval } : {}) });
        expect(m.trtr[k].baseline).toBeUndefined();
        expect(m.ratio[k].value).toBe(1);
        expect(m.ratio[k].baseline).toEqual({ kind: 'real', value: 1 });
        expect(m.trtr[k].better).toBe(k === 'logLoss' ? 'lower' : 'higher');
        expect(m.ratio[k].better).toBe(m.trtr[k].better);
      }
      // better than chance on real data, and the interval brackets the point value
      expect(m.trtr.rocAuc.value!).toBeGreaterThan(0.55);
      expect(m.trtr.rocAuc.interval![0]).toBeLessThanOrEqual(m.trtr.rocAuc.value!);
      expect(m.trtr.rocAuc.interval![1]).toBeGreaterThanOrEqual(m.trtr.rocAuc.value!);
    }
    // the constant baseline: AUC exactly 1/2, accuracy = share of the majority class in the holdout
    expect(r.baseline.scores.rocAuc.value).toBe(0.5);
    expect(r.baseline.scores.accuracy.value).toBeCloseTo(r.rows.holdout.classCounts![0] / r.rows.holdout.used, 12);
  });

  it('ranking agreement is 1 (rho, tau-b, SRA) when no two models tie', () => {
    checkShape(r);
    expect(r.ranking.tiedPairs).toEqual({ trtr: 0, tstr: 0, total: 36 });
    expect(r.ranking.spearman.value).toBe(1);
    expect(r.ranking.kendallTauB.value).toBe(1);
    expect(r.ranking.sra.value).toBe(1);
    expect(r.ranking.rankTrtr).toEqual(r.ranking.rankTstr);
    expect([...(r.ranking.rankTrtr as number[])].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('feature importance agrees exactly and CI overlap is 1 for every coefficient', () => {
    checkShape(r);
    const fi = r.featureImportance;
    if (!('features' in fi)) throw new Error('importance not computed');
    expect(fi.model).toBe('boosting(rounds=100,lr=0.1,depth=3)');
    expect(fi.features.length).toBe(20);
    for (const f of fi.features) expect(f.synthetic).toBe(f.real);
    expect(fi.spearman.value).toBe(1);
    expect(fi.topSynthetic).toEqual(fi.topReal);
    expect(fi.topOverlap).toBe(1);
    // checking account status is the strongest predictor of credit risk in this data
    expect(fi.topReal[0]).toBe('checking_status');
    const inf = r.inferential;
    if (!inf.applicable) throw new Error(inf.reason);
    expect(inf.meanOverlap).toBe(1);
    expect(inf.signAgreement).toBe(1);
    expect(inf.defined).toBe(inf.total);
  });

  it('is deterministic for a seed; another seed moves only the intervals', () => {
    const again = utility(makeCtx(real, holdout, real, 'class', 1), { bootstrap: 60 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
    const other = utility(makeCtx(real, holdout, real, 'class', 2), { bootstrap: 60, models: SMALL_ZOO as any });
    const first = utility(makeCtx(real, holdout, real, 'class', 1), { bootstrap: 60, models: SMALL_ZOO as any }) as UtilityResult;
    checkShape(other);
    expect(other.models[0].trtr.rocAuc.value).toBe(first.models[0].trtr.rocAuc.value);
    expect(other.models[0].trtr.rocAuc.interval![0]).not.toBe(first.models[0].trtr.rocAuc.interval![0]);
  });
});

describe('utility on an Adult subsample', () => {
  const train = loadShared('adult', 'train');
  const hold = loadShared('adult', 'holdout');
  const real = subsample(train, 3000, 21);

  it('synthetic with the target shuffled: TSTR AUC about 0.5 for every model (mean over shuffles), far below TRTR', () => {
    // One shuffle is not enough: a model fitted to shuffled labels points in a random direction, and along Adult's dominant
    // directions that gives holdout AUCs anywhere in ~[0.25, 0.75] (sd ~0.12 for logistic / naive Bayes), far wider than the
    // holdout-bootstrap interval. Averaged over shuffles it is 0.5.
    const r2k = subsample(train, 2000, 24);
    const h = subsample(hold, 1500, 25);
    const S = 10;
    let trtr: number[] = [];
    const sums = new Array<number>(9).fill(0);
    for (let s = 0; s < S; s++) {
      const r = utility(makeCtx(r2k, h, shuffleColumn(r2k, 'income', 100 + s), 'income', 3), { bootstrap: 0, importanceRepeats: 1 });
      checkShape(r);
      trtr = r.models.map((m) => m.trtr.rocAuc.value!);
      r.models.forEach((m, k) => (sums[k] += m.tstr.rocAuc.value!));
      if (s === 0) expect(r.ranking.spearman.value!).toBeLessThan(0.9);
    }
    const means = sums.map((v) => v / S);
    for (let k = 0; k < means.length; k++) {
      expect(Math.abs(means[k] - 0.5)).toBeLessThan(0.1);
      expect(trtr[k] - means[k]).toBeGreaterThan(0.15);
    }
    expect(Math.abs(means.reduce((a, b) => a + b) / means.length - 0.5)).toBeLessThan(0.05);
  });

  it('a fresh sample of the population (one half of the holdout as synthetic, the other as holdout) scores like real data', () => {
    const [a, b] = splitHalves(hold, 31);
    const r = utility(makeCtx(real, subsample(b, 2000, 32), subsample(a, 3000, 33), 'income', 4), { bootstrap: 40 });
    checkShape(r);
    for (const m of r.models) {
      // same population and same training size: TSTR within a few AUC points of TRTR
      expect(Math.abs(m.tstr.rocAuc.value! - m.trtr.rocAuc.value!)).toBeLessThan(0.04);
    }
    expect(r.ranking.spearman.value!).toBeGreaterThan(0.6);
    expect(r.ranking.sra.value!).toBeGreaterThan(0.7);
    for (const e of [r.ranking.spearman, r.ranking.kendallTauB, r.ranking.sra]) {
      expect(e.better).toBe('higher');
      expect(e.interval![0]).toBeLessThanOrEqual(e.value!);
      expect(e.interval![1]).toBeGreaterThanOrEqual(e.value!);
      expect(e.interval![1]).toBeLessThanOrEqual(1);
    }
    const inf = r.inferential;
    if (!inf.applicable) throw new Error(inf.reason);
    expect(inf.meanOverlapClipped!).toBeGreaterThan(0.4);
    expect(inf.meanOverlapClipped!).toBeLessThan(1);
  });

  it('regression on a numeric target (hours_per_week): R^2, MAE, RMSE, ridge zoo, no logistic inference', () => {
    const small = subsample(train, 1500, 41);
    const r = utility(makeCtx(small, subsample(hold, 800, 42), small, 'hours_per_week', 5), { bootstrap: 20 });
    checkShape(r);
    expect(r.task).toBe('regression');
    expect(r.primaryMetric).toBe('r2');
    expect(r.metrics).toEqual(['r2', 'mae', 'rmse']);
    expect(r.classes).toBeNull();
    expect(r.models.map((m) => m.label)).toContain('ridge(alpha=10)');
    expect(r.models.some((m) => m.label.startsWith('logistic'))).toBe(false);
    for (const m of r.models) {
      for (const k of r.metrics) {
        const { baseline, ...tstr } = m.tstr[k];
        expect(tstr).toEqual(m.trtr[k]);
        expect(baseline).toMatchObject({ kind: 'real', value: m.trtr[k].value });
        expect(m.trtr[k].better).toBe(k === 'r2' ? 'higher' : 'lower');
      }
      expect(m.trtr.rmse.value!).toBeGreaterThan(0);
    }
    // constant-mean baseline: R^2 <= about 0 on the holdout
    expect(r.baseline.scores.r2.value!).toBeLessThan(0.01);
    expect(r.ranking.sra.value).toBe(1 - r.ranking.tiedPairs.trtr / r.ranking.tiedPairs.total);
    expect(r.inferential).toMatchObject({ applicable: false });
  });
});

describe('degenerate inputs get a clear verdict, never NaN or a crash', () => {
  const real = loadShared('german_credit', 'train');
  const holdout = loadShared('german_credit', 'holdout');
  const opts = { bootstrap: 20, models: SMALL_ZOO as any };

  it('no target: skipped with a reason', () => {
    const r = utility(makeCtx(real, holdout, real), opts);
    expect(r).toMatchObject({ skipped: true, reason: expect.stringMatching(/no target column/) });
  });

  it('target column absent from synthetic: skipped naming the column', () => {
    const r = utility(makeCtx(real, holdout, withoutColumn(real, 'class', 'synth.csv'), 'class'), opts);
    expect(r).toEqual({ skipped: true, reason: 'target column "class" is absent from the synthetic table' });
    // the pipeline's flag alone is enough
    const f = utility(makeCtx(real, holdout, real, 'class', 1, { targetAbsent: true }));
    expect(f).toEqual({ skipped: true, reason: 'target column "class" is absent from the synthetic table' });
  });

  it('single-class real target: UserError', () => {
    const one = withColumn(real, 'class', real.cells[real.columns.indexOf('class')].map(() => 'good'), 'one-class.csv');
    expect(() => utility(makeCtx(one, holdout, real, 'class'), opts)).toThrow(UserError);
    expect(() => utility(makeCtx(one, holdout, real, 'class'), opts)).toThrow(/one-class\.csv, column "class": target has a single class/);
  });

  it('single-class synthetic target: constant TSTR predictions (AUC 0.5), verdict, ranking and inference undefined with reasons', () => {
    const synth = withColumn(real, 'class', real.cells[real.columns.indexOf('class')].map(() => 'good'), 'synth.csv');
    const r = utility(makeCtx(real, holdout, synth, 'class'), opts);
    checkShape(r);
    expect(r.verdicts.join(' ')).toMatch(/single class \("good"\)/);
    for (const m of r.models) {
      expect(m.syntheticFit).toBe('constant');
      expect(m.tstr.rocAuc.value).toBe(0.5);
      expect(m.tstr.accuracy.value).toBeCloseTo(r.rows.holdout.classCounts![0] / r.rows.holdout.used, 12);
      expect(m.tstr.logLoss.value!).toBeGreaterThan(5);
    }
    expect(r.ranking.spearman).toMatchObject({ value: null, reason: expect.stringMatching(/tied/) });
    expect(r.ranking.kendallTauB.value).toBeNull();
    expect(r.ranking.sra.value).toBe(0);
    expect(r.inferential).toMatchObject({ applicable: false, reason: expect.stringMatching(/single class/) });
    const fi = r.featureImportance;
    if (!('features' in fi)) throw new Error('importance not computed');
    for (const f of fi.features) expect(f.synthetic).toBe(0);
    expect(fi.spearman.value).toBeNull();
  });

  it('a class missing from synthetic (multiclass target): verdict names it, models still fit, one-vs-rest inference', () => {
    const j = real.columns.indexOf('checking_status');
    const rows = Array.from({ length: real.nRows }, (_, i) => i).filter((i) => real.cells[j][i] !== 'A13');
    const synth = selectRows(real, rows, 'synth.csv');
    const r = utility(makeCtx(real, holdout, synth, 'checking_status'), opts);
    checkShape(r);
    expect(r.classes!.length).toBe(4);
    expect(r.verdicts.join(' ')).toMatch(/lacks class\(es\) "A13"/);
    const a13 = r.classes!.indexOf('A13');
    expect(r.rows.synthetic.classCounts![a13]).toBe(0);
    for (const m of r.models) {
      expect(m.syntheticFit).toBe('model');
      expect(m.tstr.rocAuc.value!).toBeGreaterThan(0.5);
      expect(m.tstr.logLoss.value!).toBeGreaterThan(0);
    }
    expect(r.inferential).toMatchObject({ applicable: true, approach: 'one-vs-rest', positiveClass: r.classes![0] });
  });

  it('rows with a missing target are dropped and counted in every table', () => {
    const cls = real.columns.indexOf('class');
    const holeR = withColumn(real, 'class', real.cells[cls].map((v, i) => (i % 50 === 0 ? null : v)), 'real.csv');
    const hc = holdout.columns.indexOf('class');
    const holeH = withColumn(holdout, 'class', holdout.cells[hc].map((v, i) => (i % 40 === 0 ? null : v)), 'holdout.csv');
    const holeS = withColumn(real, 'class', real.cells[cls].map((v, i) => (i % 3 === 0 ? null : i % 100 === 1 ? 'unknown' : v)), 'synth.csv');
    const r = utility(makeCtx(holeR, holeH, holeS, 'class'), opts);
    checkShape(r);
    expect(r.rows.real).toMatchObject({ total: 666, droppedMissingTarget: 14, droppedUnseenTarget: 0, used: 652 });
    expect(r.rows.holdout).toMatchObject({ total: 334, droppedMissingTarget: 9, used: 325 });
    expect(r.rows.synthetic).toMatchObject({ total: 666, droppedMissingTarget: 222, droppedUnseenTarget: 5, used: 439 });
    expect(r.verdicts).toContain('synthetic: 222 row(s) with a missing target "class" were dropped');
    expect(r.verdicts).toContain('synthetic: 5 row(s) whose target "class" is a class the real table never had were dropped');
  });

  it('a single-class holdout: AUC null with a reason, the other metrics computed', () => {
    const hc = holdout.columns.indexOf('class');
    const rows = Array.from({ length: holdout.nRows }, (_, i) => i).filter((i) => holdout.cells[hc][i] === 'good');
    const r = utility(makeCtx(real, selectRows(holdout, rows, 'holdout.csv'), real, 'class'), opts);
    checkShape(r);
    expect(r.verdicts.join(' ')).toMatch(/holdout target "class" has a single class/);
    for (const m of r.models) {
      expect(m.trtr.rocAuc).toMatchObject({ value: null, reason: expect.stringMatching(/single class/) });
      expect(m.trtr.accuracy.value!).toBeGreaterThan(0);
    }
    expect(r.ranking.spearman.value).toBeNull();
    expect(r.featureImportance).toMatchObject({ applicable: false });
  });

  it('bad options are UserErrors', () => {
    const ctx = makeCtx(real, holdout, real, 'class');
    expect(() => utility(ctx, { models: [{ type: 'ridge', alpha: 1 }] })).toThrow(/cannot be used for classification/);
    expect(() => utility(ctx, { models: [{ type: 'svm' } as any] })).toThrow(/unknown type "svm"/);
    expect(() => utility(ctx, { models: [] })).toThrow(UserError);
    expect(() => utility(ctx, { models: [{ type: 'forest', ntrees: 10 } as any] })).toThrow(/utility.models\[0\]: unknown option "ntrees" for forest \(use nTrees/);
    expect(() => utility(ctx, { bootstrap: -1 })).toThrow(/utility.bootstrap/);
    expect(() => utility(makeCtx(real, holdout, real, 'class', 1, { bootstraps: 10 }))).toThrow(/unknown utility option "bootstraps"/);
    expect(() => utility(ctx, { confidence: 1.5 })).toThrow(/utility.confidence/);
    expect(() => utility(ctx, { ...opts, importanceModel: 'forest(trees=7)' })).toThrow(/not a model of the zoo/);
  });

  it('options come from ctx.options.utility (the config file) too', () => {
    const r = utility(makeCtx(real, holdout, real, 'class', 1, { bootstrap: 0, models: SMALL_ZOO }));
    checkShape(r);
    expect(r.models.length).toBe(3);
    expect(r.bootstrap.replicates).toBe(0);
    expect(r.models[0].trtr.rocAuc).toMatchObject({ better: 'higher', reason: 'no bootstrap replicates requested' });
    expect(r.models[0].trtr.rocAuc.interval).toBeUndefined();
  });

  it('importance model and row cap are configurable', () => {
    const r = utility(makeCtx(real, holdout, real, 'class'), { ...opts, importanceModel: 0, importanceRows: 100, importanceRepeats: 3, topFeatures: 3 });
    checkShape(r);
    const fi = r.featureImportance;
    if (!('features' in fi)) throw new Error('importance not computed');
    expect(fi.model).toBe('logistic(C=1)');
    expect(fi.rows).toBe(100);
    expect(fi.repeats).toBe(3);
    expect(fi.topReal.length).toBe(3);
    const byLabel = utility(makeCtx(real, holdout, real, 'class'), { ...opts, importanceModel: 'naive-bayes' }) as UtilityResult;
    expect((byLabel.featureImportance as { model: string }).model).toBe('naive-bayes');
  });
});
